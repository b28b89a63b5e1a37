"""Background work of 市民参加 (Celery beat: `participation.send_weekly_digest` weekly,
`participation.send_event_reminders` hourly in the daytime; config/settings.py)."""

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .services import send_digests
from .services import send_event_reminders as send_event_reminders_now


@shared_task(name="participation.send_weekly_digest")
def send_weekly_digest(days: int = 7) -> int:
    with transaction.atomic():
        return send_digests(since=timezone.now() - datetime.timedelta(days=days))


@shared_task(name="participation.send_event_reminders")
def send_event_reminders() -> int:
    """前日のお知らせ to confirmed registrants of tomorrow's events (JST). Hourly in the daytime:
    each registration is reminded once (`Registration.reminded_at`), so reruns send nothing twice
    and a missed run is made up by the next."""
    return send_event_reminders_now()
