"""Background work of 市民参加 (Celery). Schedule `participation.send_weekly_digest` with beat."""

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .services import send_digests


@shared_task(name="participation.send_weekly_digest")
def send_weekly_digest(days: int = 7) -> int:
    with transaction.atomic():
        return send_digests(since=timezone.now() - datetime.timedelta(days=days))
