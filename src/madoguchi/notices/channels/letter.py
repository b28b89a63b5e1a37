"""Letters: a notice to the registered address, printed in the day's batch (services.letters)."""

from __future__ import annotations

from madoguchi.core.notifications import PermanentFailure

from .common import delivery_for_key


class LetterNotifier:
    """core.notifications Notifier for post: "sending" queues the letter for the day's batch."""

    code = "letter"

    def address_for(self, person, user) -> str:
        if person is None or not (person.postal_code and person.address):
            return ""
        return f"〒{person.postal_code} {person.address}"

    def send(self, *, address: str, subject: str, body: str, key: str = "") -> None:
        from ..services.letters import queue_letter

        delivery = delivery_for_key(key)
        if delivery is None:
            raise PermanentFailure("letter: no delivery record for this notification")
        queue_letter(delivery, subject=subject, body=body)  # once per delivery (idempotent)
