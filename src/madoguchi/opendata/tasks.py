"""Celery tasks. Eager in the demo and tests; on a real worker they read everything from the
database by id (the uploaded file is in the shared default storage)."""

from celery import shared_task
from django.db import OperationalError

# The conversion service queues this task and the task runs the service: both import the module
# (not its names), so either may be imported first.
from .services import conversions


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=10
)
def convert_upload(self, job_id: int) -> str:
    """Extract the tables of an uploaded statistics PDF/Excel file into a proposed CSV."""
    conversions.run_conversion(job_id)
    return "done"
