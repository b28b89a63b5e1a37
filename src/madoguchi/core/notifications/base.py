from typing import Protocol

from django.dispatch import Signal

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


class PermanentFailure(Exception):
    """Raised by a Notifier when retrying cannot help (no such number, the account blocked us):
    the notification fails at once and the next channel of the person's order takes over."""


class Router(Protocol):
    code: str

    def route(self, person, user) -> list[str] | None:
        """The channel codes to try for this person, most preferred first; the first that reaches
        them is used and the rest are the fall-back. None: no opinion (every configured channel)."""


notifiers: Registry[Notifier] = Registry("notifier")
routers: Registry[Router] = Registry("notification router")

# Sent by the send task just before a channel is asked to deliver `notification` (on every
# attempt): another app records the attempt here (notices: its Delivery), in the worker, so the
# request that stored the message writes nothing more for it.
notification_sending = Signal()

# Sent when a notification has failed for good (a permanent failure, the retries used up, or the
# demo's eager task): `notification` is the failed core.Notification. Another app may fall back.
notification_failed = Signal()


def delivery_key(notification) -> str:
    """The idempotency key of one stored Notification: stable across retries and redeliveries."""
    return f"notification-{notification.pk}-{notification.created_at:%Y%m%d%H%M%S%f}"


def notification_id_from_key(key: str) -> int | None:
    """The Notification id inside a `delivery_key` (None for anything else)."""
    prefix, _sep, rest = key.partition("-")
    number = rest.partition("-")[0]
    return int(number) if prefix == "notification" and number.isdigit() else None
