"""Scheduled privacy work (celery beat): the hourly access review, the daily purge."""

from celery import shared_task

from . import services


@shared_task(name="madoguchi.privacy.tasks.scan_access")
def scan_access() -> int:
    """Look at the last two hours of staff reads; alerts go to each department's manager."""
    return len(services.scan_access())


@shared_task(name="madoguchi.privacy.tasks.purge")
def purge() -> dict:
    """Delete or anonymise what is past retention (daily); continues a run that was killed."""
    return services.purge().counts
