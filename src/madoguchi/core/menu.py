"""The site menu (サイトメニュー) in every public page's header: the main sections, in the order a
resident looks for them. A section whose app is not installed is left out."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuLink:
    title: str
    url: str
    current: bool = False


SECTIONS = (
    (_("手続"), "procedures:list"),
    (_("ライフイベント"), "lifeevents:index"),
    (_("窓口の予約"), "counter:reserve"),
    (_("参加"), "participation:index"),
    (_("オープンデータ"), "opendata:index"),
    (_("計画"), "pdca:index"),
    (_("お問い合わせ"), "core:contact"),
)


def site_menu(path: str = "") -> list[MenuLink]:
    """The menu's links; the one whose section ``path`` is in is marked current."""
    links = []
    for title, name in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append(MenuLink(str(title), url, current=bool(path) and path.startswith(url)))
    return links
