"""The tiles of the home page (ホームの案内): what the city offers online. Each app registers its
own in `AppConfig.ready`, so the home page never links to a module that is not installed.
("services" in this codebase means the service layer; these are tiles.)"""

from dataclasses import dataclass

from django.urls import reverse

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
