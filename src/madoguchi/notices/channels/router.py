from __future__ import annotations

from ..services.preferences import channels_for


class PreferenceRouter:
    """core.notifications Router: a resident's channels in their order, the letter last."""

    code = "preferences"

    def route(self, person, user) -> list[str] | None:
        if person is None:
            return None  # a staff account or a bare address: core's default
        return channels_for(person)
