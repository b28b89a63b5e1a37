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


def what_to_do(required: AssuranceLevel | str) -> str:
    """Plain words for a resident whose session is below `required` (translated)."""
    from django.utils.translation import gettext as _

    required = AssuranceLevel(required)
    if required == AssuranceLevel.EMAIL:
        return _("この手続には、ログイン（メールアドレスまたはマイナンバーカード）が必要です。")
    if required == AssuranceLevel.CARD_AUTH:
        return _(
            "この手続には、マイナンバーカードでのログインが必要です。カードをお持ちでない方は、市役所の窓口で手続できます。"
        )
    return _(
        "この手続には、マイナンバーカードでのログインと電子署名が必要です。カードをお持ちでない方は、市役所の窓口で手続できます。"
    )


def assurance_required(level: AssuranceLevel | str):
    """View decorator: below `level`, tell the resident what to do and send them to log in.

    A `card_sign` procedure needs a card login to start; the signature itself is made at submit
    time through `identity.signing.start_signing`.
    """
    from functools import wraps

    from django.contrib import messages
    from django.contrib.auth.views import redirect_to_login

    required = AssuranceLevel(level)
    to_start = AssuranceLevel.CARD_AUTH if required == AssuranceLevel.CARD_SIGN else required

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if to_start == AssuranceLevel.NONE or current_level(request).satisfies(to_start):
                return view(request, *args, **kwargs)
            messages.warning(request, what_to_do(required))
            return redirect_to_login(request.get_full_path())

        return wrapper

    return decorator
