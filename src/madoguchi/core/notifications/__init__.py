"""Notifications (通知): a Notifier interface, a registry of channels, and `notify`.

Email is built in; LINE, SMS or push channels are further Notifiers registered the same way
and chosen in MADOGUCHI_NOTIFIERS. Sending happens after the transaction commits, in Celery.
"""

from .base import Notifier, delivery_key, notifiers
from .service import notify

__all__ = ["Notifier", "delivery_key", "notifiers", "notify"]
