"""Scheduled privacy work (celery beat): the hourly access review, the daily purge,
and the key rotation (started by `madoguchi privacy rotate-keys`)."""

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


@shared_task(name="madoguchi.privacy.tasks.rotate_keys")
def rotate_keys() -> int:
    """Re-encrypt the stored 個人番号 with the newest key; continues a job that was killed."""
    job = services.run_rotation(services.start_rotation())
    return job.done
