"""Scheduled work: the daily reconciliation report, and the sweep for late payment webhooks."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task
def sync_pending_payments() -> int:
    return services.sync_pending_payments()


@shared_task
def write_daily_reconciliation(day: str | None = None) -> str:
    """Write yesterday's (JST) CSV to var/reports/payments-YYYY-MM-DD.csv for accounting."""
    when = datetime.date.fromisoformat(day) if day else timezone.localdate() - datetime.timedelta(days=1)
    folder = settings.VAR_DIR / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"payments-{when.isoformat()}.csv"
    path.write_text(services.reconciliation_csv(when), encoding="utf-8")
    return str(path)
