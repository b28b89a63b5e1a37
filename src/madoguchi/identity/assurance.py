"""Assurance levels (本人確認の水準): what a session has proven about the resident.

A procedure states the level it needs; the session records the level its login reached.
The order matters: a card signature also proves card authentication, and so on.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "madoguchi_assurance"


class AssuranceLevel(models.TextChoices):
    NONE = "none", _("本人確認なし")
    EMAIL = "email", _("メールアドレス確認済み")
    CARD_AUTH = "card_auth", _("マイナンバーカードで本人確認")
    CARD_SIGN = "card_sign", _("マイナンバーカードで電子署名")

    @property
    def rank(self) -> int:
        return list(AssuranceLevel).index(self)

    def satisfies(self, required: AssuranceLevel | str) -> bool:
        return self.rank >= AssuranceLevel(required).rank


def current_level(request) -> AssuranceLevel:
    """The level this session reached at login (NONE for anonymous users and staff)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return AssuranceLevel.NONE
    return AssuranceLevel(request.session.get(SESSION_KEY, AssuranceLevel.NONE))


def set_level(request, level: AssuranceLevel) -> None:
    request.session[SESSION_KEY] = AssuranceLevel(level).value
