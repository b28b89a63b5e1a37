"""The マイページ line of notices: how the city reaches the resident (and where to change it)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.navigation import MyPageItem

from .services.preferences import reachable


def items(person) -> list[MyPageItem]:
    if person is None:
        return []
    return [
        MyPageItem(_("市からのお知らせが届く方法"), len(reachable(person)), reverse("notices:preferences"))
    ]
