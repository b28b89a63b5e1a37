import logging

from celery import shared_task
from django.utils import timezone

from .models import Notification
from .notifications import notifiers

logger = logging.getLogger("madoguchi.notifications")


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
        if self.request.is_eager:
            # In the demo the task runs inside the request that committed the change: a mail
            # server being down must not turn an accepted application into an error page.
            # The failure stays visible in the back office (status "failed").
            logger.warning("notification %s not sent: %s", notification.pk, exc)
            return "failed"
        raise self.retry(exc=exc) from exc
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), error=""
    )
    return "sent"
