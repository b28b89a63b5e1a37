from celery import shared_task


@shared_task
def send_reservation_reminders() -> int:
    """Run hourly (celery beat): remind residents of tomorrow's counter reservations."""
    from .services import send_reminders

    return send_reminders()
