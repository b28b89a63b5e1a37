from celery import shared_task

from .services import send_reminders


@shared_task
def send_reservation_reminders() -> int:
    """Run hourly (celery beat): remind residents of tomorrow's counter reservations."""
    return send_reminders()
