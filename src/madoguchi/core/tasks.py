from celery import shared_task
from django.utils import timezone

from .models import Notification
from .notifications import notifiers


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_notification(self, notification_id: int) -> str:
    """Send one stored notification; idempotent, so a redelivered task sends nothing twice."""
    notification = Notification.objects.get(pk=notification_id)
    if notification.status == Notification.Status.SENT:
        return "already sent"
    try:
        notifiers.get(notification.channel).send(
            address=notification.address, subject=notification.subject, body=notification.body
        )
    except Exception as exc:
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED, error=str(exc)[:2000]
        )
        raise self.retry(exc=exc) from exc
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), error=""
    )
    return "sent"
