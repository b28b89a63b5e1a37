"""Celery tasks. Eager in the demo and tests; on a real worker they read everything from the
database by id (the uploaded scan is in the shared default storage)."""

from celery import shared_task
from django.db import OperationalError

# The batch service queues this task and the task runs the service: both import the module
# (not its names), so either may be imported first.
from .services import batches


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=10
)
def process_batch(self, batch_id: int) -> str:
    """Read every page of a scanned batch not read yet (safe to run again after a dead worker)."""
    return batches.run_batch(batch_id).state


@shared_task
def resume_stuck_batches() -> int:
    """Every 5 minutes (celery beat): re-queue batches whose worker died."""
    return batches.resume_stuck_batches()
