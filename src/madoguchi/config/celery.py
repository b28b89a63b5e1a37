"""The Celery app. In the demo, tasks run eagerly in the web process; in production, on workers."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")

# Celery's Django fix-up puts the current directory first on sys.path. The package is installed,
# so nothing needs that, and inside an app's folder (make messages) it let applications/secrets.py
# shadow the standard library's `secrets`.
_path = list(sys.path)
app = Celery("madoguchi")
sys.path[:] = _path
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
