"""What the channels share: the resident's stored preference, the Delivery behind a delivery key,
the text of a message cut to what a channel carries, and a clock that tests can drive."""

from __future__ import annotations

import re
import time
import unicodedata

from madoguchi.core.notifications import notification_id_from_key

from ..models import ChannelPreference, Delivery


def preference_of(person) -> ChannelPreference | None:
    if person is None or person.pk is None:
        return None
    return ChannelPreference.objects.filter(person=person).first()


def delivery_for_key(key: str) -> Delivery | None:
    """The Delivery of the Notification that `key` (core's delivery key) belongs to."""
    pk = notification_id_from_key(key)
    if pk is None:
        return None
    return Delivery.objects.filter(notification_id=pk).select_related("notification").first()


def short_text(subject: str, body: str, limit: int) -> str:
    text = f"{subject}\n{body}".strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def e164(number: str) -> str:
    """A Japanese mobile number as E.164: 090-1234-5678 → +819012345678 ('' if not a mobile)."""
    digits = re.sub(r"[^\d+]", "", unicodedata.normalize("NFKC", number or ""))
    if digits.startswith("+81"):
        digits = "0" + digits[3:]
    if re.fullmatch(r"0[789]0\d{8}", digits):
        return "+81" + digits[1:]
    return ""


class Clock:
    """time.monotonic and time.sleep, replaceable in tests by one that only pretends to wait."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


clock = Clock()
