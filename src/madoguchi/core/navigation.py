"""The tiles of the home page (ホームの案内): what the city offers online. Each app registers its
own in `AppConfig.ready`, so the home page never links to a module that is not installed.
("services" in this codebase means the service layer; these are tiles.)"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .access import Permission, can_anywhere
from .registry import Registry


@dataclass(frozen=True)
class HomeTile:
    code: str
    title: str  # lazy-translated
    description: str
    url_name: str
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


home_tiles: Registry[HomeTile] = Registry("home tile")


def tiles() -> list[HomeTile]:
    return sorted(home_tiles, key=lambda tile: (tile.order, tile.code))


@dataclass(frozen=True)
class StaffLink:
    """An entry of the staff home's side menu (職員メニュー). Shown to a user who holds any of
    `permissions` somewhere (none: every staff account), or for whom `visible(user)` is true."""

    code: str
    title: str  # lazy-translated
    url_name: str
    permissions: tuple[Permission, ...] = ()
    visible: Callable[[Any], bool] | None = None
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def allows(self, user) -> bool:
        if self.visible is not None:
            return self.visible(user)
        return not self.permissions or any(can_anywhere(user, p) for p in self.permissions)


@dataclass(frozen=True)
class StaffPanel:
    """A panel of the staff home (a work queue, say): `render(request)` gives its HTML, or "" when
    it has nothing for this user. Apps register panels so identity's page never imports them."""

    code: str
    render: Callable[[Any], str]
    order: int = 100


@dataclass(frozen=True)
class MyPageItem:
    """One line of the resident's マイページ: what an app holds for them, how many, where to see it,
    and what waits for them to do (補正の依頼に応える, 支払う), if anything.

    A line with `setting` is one of the resident's settings (how notices reach them): it is shown
    with their registered record, as `setting` with a link to change it, not among their cases."""

    title: str
    count: int
    url: str
    action: str = ""
    setting: str = ""


@dataclass(frozen=True)
class MyPageSource:
    """An app's part of the マイページ: ``items(person)`` lists its lines (none: nothing to show)."""

    code: str
    items: Callable[[Any], list[MyPageItem]]
    order: int = 100


my_page_sources: Registry[MyPageSource] = Registry("my page source")


def my_page_items(person) -> list[MyPageItem]:
    """Every app's lines for ``person``, those waiting for them to act first."""
    items = [
        item
        for source in sorted(my_page_sources, key=lambda s: (s.order, s.code))
        for item in source.items(person)
    ]
    return sorted(items, key=lambda item: not item.action)


staff_links: Registry[StaffLink] = Registry("staff link")
staff_panels: Registry[StaffPanel] = Registry("staff panel")


def staff_menu(user) -> list[StaffLink]:
    return sorted(
        (link for link in staff_links if link.allows(user)), key=lambda link: (link.order, link.code)
    )


def render_staff_panels(request) -> list[str]:
    panels = sorted(staff_panels, key=lambda panel: (panel.order, panel.code))
    return [html for panel in panels if (html := panel.render(request))]
