"""Settings for the benchmark server: production-shaped (workers, PostgreSQL, Celery on Redis),
plus a few bench-only endpoints (bench/urls.py). Never used outside `bench/`."""

import os

from madoguchi.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
CELERY_TASK_ALWAYS_EAGER = os.environ.get("BENCH_CELERY_EAGER", "1") == "1"
CELERY_BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
CELERY_RESULT_BACKEND = None
CELERY_IMPORTS = ["bench.tasks"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 30}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
