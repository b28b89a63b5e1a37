from __future__ import annotations

from ..services.preferences import channels_for, offered


class PreferenceRouter:
    """core.notifications Router: a resident's channels in their order, the letter last.

    A city that offers residents no choice (MADOGUCHI_NOTICES_CHANNELS empty) keeps core's
    default: every channel of MADOGUCHI_NOTIFIERS."""

    code = "preferences"

    def route(self, person, user) -> list[str] | None:
        if person is None or not offered():
            return None  # a staff account, a bare address, or no choice offered: core's default
        return channels_for(person)
