"""Notifications (通知): a Notifier interface, a registry of channels, and `notify`.

Email is built in; LINE, SMS or push channels are further Notifiers registered the same way
and chosen in MADOGUCHI_NOTIFIERS. Sending happens after the transaction commits, in Celery.
A Router (the notices app) may choose, per person, one channel in their order of preference;
`notification_failed` lets it fall back to the next, and `forward` sends the message there.
"""

from .base import (
    Notifier,
    PermanentFailure,
    Router,
    delivery_key,
    notification_failed,
    notification_id_from_key,
    notification_sending,
    notifiers,
    routers,
)
from .service import compose, forward, notify, queue

__all__ = [
    "Notifier",
    "PermanentFailure",
    "Router",
    "compose",
    "delivery_key",
    "forward",
    "notification_failed",
    "notification_id_from_key",
    "notification_sending",
    "notifiers",
    "notify",
    "queue",
    "routers",
]
