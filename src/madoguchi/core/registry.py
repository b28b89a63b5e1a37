"""A small registry for pluggable backends (identity providers, payment, notifiers, metrics).

notifiers = Registry[Notifier]("notifier")
notifiers.register(EmailNotifier())
notifiers.get(settings.MADOGUCHI_NOTIFIERS[0])
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, item: T, *, code: str | None = None) -> T:
        key = code or item.code  # type: ignore[attr-defined]
        if key in self._items and self._items[key] is not item:
            raise ImproperlyConfigured(f"{self.kind} {key!r} is registered twice")
        self._items[key] = item
        return item

    def get(self, code: str) -> T:
        try:
            return self._items[code]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise ImproperlyConfigured(f"unknown {self.kind} {code!r} (registered: {known})") from None

    def __contains__(self, code: str) -> bool:
        return code in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def codes(self) -> list[str]:
        return sorted(self._items)
