"""The services the home page offers. Each app registers its own entry in `AppConfig.ready`,
so the home page never links to a module that is not installed."""

from dataclasses import dataclass

from django.urls import reverse

from .registry import Registry


@dataclass(frozen=True)
class Service:
    code: str
    title: str  # lazy-translated
    description: str
    url_name: str
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


services: Registry[Service] = Registry("home service")


def home_services() -> list[Service]:
    return sorted(services, key=lambda s: (s.order, s.code))
