from typing import Protocol

from ..registry import Registry


class Notifier(Protocol):
    code: str

    def address_for(self, person, user) -> str:
        """Where this channel reaches the person ('' when it cannot)."""

    def send(self, *, address: str, subject: str, body: str) -> None:
        """Deliver one message; raise on failure so the task records it."""


notifiers: Registry[Notifier] = Registry("notifier")
