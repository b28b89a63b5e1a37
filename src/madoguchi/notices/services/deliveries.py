"""配達の記録: one Delivery per notification, the provider's receipts taken in once each, and the
fall-back from a channel that failed to the next channel of the resident's order."""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from madoguchi.core.events import record_event
from madoguchi.core.models import Notification
from madoguchi.core.notifications import forward, notifiers

from ..events import Verb
from ..models import Delivery, Receipt
from .preferences import channels_for

logger = logging.getLogger("madoguchi.notices")


def delivery_of(notification: Notification) -> Delivery:
    delivery, _created = Delivery.objects.get_or_create(
        notification=notification, defaults={"channel": notification.channel}
    )
    return delivery


def on_notification_sending(sender, notification: Notification, **kwargs) -> None:
    """core's notification_sending: the attempt's record, made by the worker that sends it (the
    request that stored the message does not wait for a second INSERT; ADR 0007)."""
    delivery_of(notification)


def accepted(delivery: Delivery, *, provider_id: str = "") -> None:
    """The provider took the message (SMS 202, LINE 200); the receipt may follow."""
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.ACCEPTED, provider_id=provider_id[:64], updated_at=timezone.now()
    )


def on_notification_failed(sender, notification: Notification, **kwargs) -> None:
    """core's notification_failed: the channel gave up; try the next one."""
    fall_back(delivery_of(notification), reason=notification.error or "failed")


def _tried(delivery: Delivery) -> set[str]:
    """The channels already tried for this message (this attempt and those it fell back from)."""
    channels: set[str] = set()
    seen: set[int] = set()
    current: Delivery | None = delivery
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        channels.add(current.channel)
        current = Delivery.objects.filter(fallback=current).first()
    return channels


@transaction.atomic
def fall_back(delivery: Delivery, *, reason: str) -> Delivery | None:
    """Mark the attempt failed and send the same message on the next channel of the resident's
    order that reaches them (once: a second failure report of the same attempt changes nothing).
    Returns the new attempt, or None when no channel is left (the failure stays for staff)."""
    delivery = Delivery.objects.select_for_update().select_related("notification").get(pk=delivery.pk)
    first_report = delivery.status != Delivery.Status.FAILED
    if first_report:
        delivery.status, delivery.error = Delivery.Status.FAILED, reason[:2000]
        delivery.save(update_fields=["status", "error", "updated_at"])
        record_event(delivery, verb=Verb.DELIVERY_FAILED, data={"channel": delivery.channel})
    if delivery.fallback_id is not None:
        return None
    notification = delivery.notification
    person = notification.recipient
    if person is None:
        return None
    tried = _tried(delivery)
    for code in channels_for(person):
        if code in tried or code not in notifiers:
            continue
        address = notifiers.get(code).address_for(person, person.user)
        if not address:
            continue
        copy = forward(notification, channel=code, address=address)
        following = delivery_of(copy)
        delivery.fallback = following
        delivery.save(update_fields=["fallback", "updated_at"])
        record_event(delivery, verb=Verb.FELL_BACK, data={"from": delivery.channel, "to": code})
        return following
    return None


def _take_once(provider: str, event_id: str, *, delivery: Delivery | None, status: str) -> bool:
    """Remember one webhook event; False if it was taken before (a replay or a redelivery)."""
    try:
        with transaction.atomic():
            Receipt.objects.create(
                provider=provider, event_id=event_id[:100], delivery=delivery, status=status
            )
    except IntegrityError:
        return False
    return True


SMS_FAILED = {"undelivered", "failed", "rejected", "expired"}


@transaction.atomic
def take_sms_receipt(body: bytes) -> str:
    """One signed delivery receipt from the SMS provider (the signature is checked by the view).
    A receipt seen before changes nothing; 'undelivered' falls back to the next channel."""
    try:
        receipt = json.loads(body)
        event_id, status = str(receipt["id"]), str(receipt["status"])
    except (ValueError, KeyError, TypeError):
        return "malformed"
    delivery = None
    message_id, reference = str(receipt.get("message_id") or ""), str(receipt.get("reference") or "")
    if message_id:
        delivery = Delivery.objects.filter(channel="sms", provider_id=message_id).first()
    if delivery is None and reference:
        from ..channels.common import delivery_for_key

        delivery = delivery_for_key(reference)
    if not _take_once("sms", event_id, delivery=delivery, status=status):
        return "duplicate"
    if delivery is None:
        return "unknown message"
    record_event(delivery, verb=Verb.RECEIPT, data={"channel": "sms", "status": status})
    if status == "delivered":
        Delivery.objects.filter(pk=delivery.pk).exclude(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.DELIVERED, receipt_at=timezone.now(), updated_at=timezone.now()
        )
        return "delivered"
    if status in SMS_FAILED:
        Delivery.objects.filter(pk=delivery.pk).update(receipt_at=timezone.now())
        code = receipt.get("error_code") or ""
        fall_back(delivery, reason=f"SMS {status} {code}".strip())
        return "fell back"
    return "noted"


@transaction.atomic
def take_line_events(body: bytes) -> dict[str, int]:
    """The events of one signed LINE webhook request, each event id once: a link code sent as a
    text message links the account; `unfollow` unlinks it."""
    from .preferences import link_line, unlink_line

    counts = {"taken": 0, "duplicate": 0}
    try:
        events = json.loads(body).get("events", [])
    except (ValueError, AttributeError):
        return counts
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        event_id = str(event.get("webhookEventId") or "")
        user_id = str((event.get("source") or {}).get("userId") or "")
        if not event_id or not _take_once("line", event_id, delivery=None, status=str(event.get("type", ""))):
            counts["duplicate"] += 1
            continue
        counts["taken"] += 1
        if event.get("type") == "message" and (event.get("message") or {}).get("type") == "text" and user_id:
            link_line(str(event["message"].get("text", "")), user_id)
        elif event.get("type") == "unfollow" and user_id:
            unlink_line(user_id)
    return counts


def shown_status(delivery: Delivery) -> str:
    """What staff see: the provider's word when there is one, else the sending task's."""
    if delivery.status != Delivery.Status.QUEUED:
        return delivery.get_status_display()
    status = delivery.notification.status
    if status == Notification.Status.SENT:
        return str(Delivery.Status.ACCEPTED.label)
    if status == Notification.Status.FAILED:
        return str(Delivery.Status.FAILED.label)
    return str(Delivery.Status.QUEUED.label)


def recent(limit: int = 200):
    return Delivery.objects.select_related("notification", "notification__recipient", "fallback").order_by(
        "-created_at", "-pk"
    )[:limit]
