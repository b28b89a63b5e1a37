"""The マイページ line of notices: how the city reaches the resident (and where to change it)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.navigation import MyPageItem

from .models import Channel
from .services.preferences import reachable


def items(person) -> list[MyPageItem]:
    if person is None:
        return []
    channels = [str(Channel(code).label) for code, _address in reachable(person)]
    return [
        MyPageItem(
            _("市からのお知らせが届く方法"),
            len(channels),
            reverse("notices:preferences"),
            setting=_("、").join(channels) or _("届く方法がありません"),
        )
    ]
