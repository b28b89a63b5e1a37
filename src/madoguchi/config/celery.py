"""The Celery app. In the demo, tasks run eagerly in the web process; in production, on workers."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")

app = Celery("madoguchi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
