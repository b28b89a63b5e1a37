import contextlib
import logging
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from .jsonlog import request_id_var
from .models import Notification
from .notifications import (
    PermanentFailure,
    delivery_key,
    notification_failed,
    notification_sending,
    notifiers,
)

logger = logging.getLogger("madoguchi.notifications")


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_notification(self, notification_id: int) -> str:
    """Send one stored notification, at least once and in effect once.

    Tasks are acknowledged late and re-queued when their worker dies (settings), so this may run
    again after the message went out but before it was marked sent: every attempt passes the same
    `delivery_key`, by which the channel delivers the message once. A database error (PostgreSQL
    restarting) retries the task instead of dropping the notification.
    """
    try:
        notification = Notification.objects.get(pk=notification_id)
    except DatabaseError as exc:
        return _retry_later(self, notification_id, exc)
    if notification.status == Notification.Status.SENT:
        return "already sent"
    try:
        notification_sending.send(sender=Notification, notification=notification)  # the attempt's record
    except DatabaseError as exc:
        return _retry_later(self, notification_id, exc)
    try:
        notifiers.get(notification.channel).send(
            address=notification.address,
            subject=notification.subject,
            body=notification.body,
            key=delivery_key(notification),
        )
    except Exception as exc:
        with contextlib.suppress(DatabaseError):  # if the database is down too, the retry records it
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.FAILED, error=str(exc)[:2000]
            )
        notification.status, notification.error = Notification.Status.FAILED, str(exc)[:2000]
        final = isinstance(exc, PermanentFailure) or self.request.retries >= (self.max_retries or 0)
        if final or self.request.is_eager:
            _failed_for_good(notification)
        if isinstance(exc, PermanentFailure):
            logger.info("notification %s failed for good: %s", notification.pk, exc)
            return "failed"
        if self.request.is_eager:
            # In the demo the task runs inside the request that committed the change: a mail
            # server being down must not turn an accepted application into an error page.
            # The failure stays visible in the back office (status "failed").
            logger.warning("notification %s not sent: %s", notification.pk, exc)
            return "failed"
        raise self.retry(exc=exc) from exc
    try:
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), error=""
        )
    except DatabaseError as exc:
        # Sent but not recorded: the retry sends again under the same key, which the channel drops.
        return _retry_later(self, notification_id, exc)
    return "sent"


@shared_task
def send_notifications(batch: list[list]) -> int:
    """A web process's batch of stored notifications, each [id, the id of the request that stored
    it] (core/notifications/publisher.py). Each is queued as its own task, under its request's
    id (the logs follow one request into its tasks), and is sent, retried and failed on its own."""
    for notification_id, request_id in batch:
        token = request_id_var.set(request_id or "")
        try:
            send_notification.delay(notification_id)
        finally:
            request_id_var.reset(token)
    return len(batch)


def _failed_for_good(notification) -> None:
    """Tell the listeners (the notices app falls back to the next channel); a listener's error is
    logged, never turned into a retry that would send the failed message again."""
    for _receiver, result in notification_failed.send_robust(sender=Notification, notification=notification):
        if isinstance(result, Exception):
            logger.error("fall-back after notification %s failed: %r", notification.pk, result)


def _retry_later(task, notification_id: int, exc: Exception) -> str:
    if task.request.is_eager:
        logger.warning("notification %s left pending: %s", notification_id, exc)
        return "pending"  # requeue_pending_notifications picks it up
    retries = task.request.retries
    raise task.retry(exc=exc, countdown=min(60, 2**retries), max_retries=10) from exc


@shared_task
def verify_audit_chain() -> bool:
    """Walk the audit chain (beat, hourly) and keep the result for /metrics: an alert fires when it
    fails or has not run for a day (docs/operations.md, AuditChainBroken / AuditChainNotVerified)."""
    from .audit import verify
    from .monitoring.business import record_audit_verification

    result = verify()
    record_audit_verification(ok=result.ok, checked=result.checked)
    if not result.ok:
        logger.error(
            "audit chain broken at entry %s: %s",
            result.broken_seq,
            result.reason,
            extra={"event": "security.audit_chain_broken", "checked": result.checked, "ok": False},
        )
    return result.ok


@shared_task
def requeue_pending_notifications(older_than_minutes: int = 15) -> int:
    """Queue again the notifications still pending after `older_than_minutes` (beat, every 10 min).

    A notification is stored in the transaction that caused it and queued after commit; a web
    process killed between the two, or a broker refusing the message, leaves it pending with no
    task. Sending is idempotent, so queueing one that is merely slow costs nothing.
    """
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = list(
        Notification.objects.filter(status=Notification.Status.PENDING, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    for pk in pending:
        send_notification.delay(pk)
    if pending:
        logger.info("requeued %d pending notifications", len(pending))
    return len(pending)
