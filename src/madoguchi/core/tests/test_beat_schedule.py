"""Celery beat: every scheduled entry must name a task a worker knows, or beat queues a task that
no worker can run and the job silently never happens."""

from django.conf import settings

from madoguchi.config.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    unknown = {
        name: entry["task"]
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] not in app.tasks
    }
    assert unknown == {}


def test_daily_and_weekly_jobs_are_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "madoguchi.applications.tasks.send_push_invitations" in tasks  # プッシュ型案内
    assert "participation.send_weekly_digest" in tasks
