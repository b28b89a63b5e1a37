"""IDOR matrix framework: every object route × another resident × another department → 403/404.

Object routes are discovered from the URL resolver (patterns with <int:…>, <uuid:…>, <str:…>
arguments). Owners describe how to make one object for a route, in their app's
`madoguchi/<app>/tests/idor.py` (imported automatically):

    from tests.quality.idor import IdorCase, object_factory, public

    @object_factory("applications:detail", "applications:attachment")
    def make_application():
        application = ApplicationFactory()
        return IdorCase(
            kwargs={"pk": application.pk},           # URL arguments
            resident=application.applicant,          # the Person who may see it (optional)
            department=application.department,       # the Department whose staff may see it (optional)
            marker=application.number,               # text that must never appear for others
        )

    public("procedures:detail", "the published catalog is public")
    not_an_object("core:text_size", "the argument is a display setting")

The matrix then checks, per route: the owner gets 200 (so the check means something), and a
different resident, a staff member of a different department and an anonymous visitor get
403/404 (or a redirect to a login page), never a page containing the marker.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class IdorCase:
    kwargs: dict
    resident: object | None = None  # core.Person who owns the object
    department: object | None = None  # core.Department whose staff handle it
    marker: str = ""  # a string that only the owner's page shows
    owner_status: int = 200
    extra_paths: list[str] = field(default_factory=list)


factories: dict[str, Callable[[], IdorCase]] = {}
public_routes: dict[str, str] = {}
non_object_routes: dict[str, str] = {}


def object_factory(*url_names: str):
    def decorate(function):
        for name in url_names:
            factories[name] = function
        return function

    return decorate


def public(url_name: str, reason: str) -> None:
    public_routes[url_name] = reason


def not_an_object(url_name: str, reason: str) -> None:
    non_object_routes[url_name] = reason


_loaded = False


def load_registrations() -> None:
    """Import the gate's own cases and each installed app's `tests/idor.py`."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    importlib.import_module("tests.quality.idor_cases")
    for app in settings.MADOGUCHI_APPS:
        try:
            importlib.import_module(f"{app}.tests.idor")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"{app}.tests.idor", f"{app}.tests"}:
                raise


def is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and "login" in response.get("Location", "").lower()
