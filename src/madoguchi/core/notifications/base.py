from typing import Protocol

from ..registry import Registry


class Notifier(Protocol):
    code: str

    def address_for(self, person, user) -> str:
        """Where this channel reaches the person ('' when it cannot)."""

    def send(self, *, address: str, subject: str, body: str, key: str) -> None:
        """Deliver one message; raise on failure so the task records it.

        `key` is the same on every attempt for one Notification (`delivery_key`): a task that is
        redelivered after its worker died may send again, and the channel must deliver a key once
        (e-mail: the Message-ID; SMS/LINE/push APIs: their idempotency key).
        """


notifiers: Registry[Notifier] = Registry("notifier")


def delivery_key(notification) -> str:
    """The idempotency key of one stored Notification: stable across retries and redeliveries."""
    return f"notification-{notification.pk}-{notification.created_at:%Y%m%d%H%M%S%f}"
