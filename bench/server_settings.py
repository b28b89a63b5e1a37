"""Settings for the benchmark server: production-shaped (workers, PostgreSQL, Celery on Redis),
plus a few bench-only endpoints (bench/urls.py) and the drill's notification channel
(bench/notifier.py, chosen with MADOGUCHI_NOTIFIERS=drill). Never used outside `bench/`.

Celery keeps the real configuration (late acknowledgement, re-queue on a lost worker, prefetch 1);
only the Redis transport restores a dead worker's unacknowledged messages sooner than its
one-hour default, so the drill does not have to wait an hour for them.
"""

import os

from madoguchi.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
CELERY_TASK_ALWAYS_EAGER = os.environ.get("BENCH_CELERY_EAGER", "1") == "1"
CELERY_BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
CELERY_BROKER_TRANSPORT = broker_transport(CELERY_BROKER_URL)  # noqa: F405
CELERY_RESULT_BACKEND = None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("BENCH_VISIBILITY_TIMEOUT", "20")),
    "unacked_restore_interval": 2,
    "unacked_restore_throttle": 1,
}
MADOGUCHI_NOTICES_CHANNELS: list[str] = []  # the drill's channel only (MADOGUCHI_NOTIFIERS), no choice
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
