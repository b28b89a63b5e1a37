"""Role matrix framework: every permission of `core.access.PERMISSIONS` × every staff role.

Beside the IDOR matrix (another department must not reach an object) this one asks the finer
question inside a department: which *role* may do the thing. Each app registers, in its
`madoguchi/<app>/tests/roles.py` (imported automatically), one case per permission it enforces,
performing the real operation through the real service or view:

    from tests.quality.roles import Decision, decision

    @decision("case.decide")
    def approve_a_case():
        application, department = submitted_application()
        return Decision(
            department=department,                                    # where the object belongs
            perform=lambda user: approve(application, by=user),       # the operation, as `user`
            effect=lambda: Application.objects.get(pk=application.pk).state,  # what it changes
        )

The matrix (test_role_matrix.py) then checks, for every role: holding only that role in the
object's department succeeds iff the permission lists the role (and the effect is seen); holding
it in another department is refused and changes nothing; a superuser without roles succeeds iff
the permission is not about personal data. A refusal is PermissionDenied or Http404 (raised by a
service, or a view's 403/404 turned back into one by `refusal_of`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

REFUSALS = (PermissionDenied, Http404)


@dataclass
class Decision:
    department: object  # core.Department that owns the object (where the matrix gives the role)
    perform: Callable[[object], object]  # do the operation as this user; raise a REFUSAL if refused
    effect: Callable[[], object]  # a snapshot of what the operation changes (compared before/after)
    # The object belongs to the whole city (a resident's Person, the city's takings): the policy
    # grants the permission for a role held in any department, so "another department" means nothing.
    city_wide: bool = False


cases: dict[str, dict[str, Callable[[], Decision]]] = {}  # permission code → case name → factory


def decision(code: str):
    """Register a factory of `Decision`s for the permission `code` (one code may have several)."""

    def decorate(function):
        name = function.__name__
        if name in cases.setdefault(code, {}):
            raise ValueError(f"role case {name!r} registered twice for {code}")
        cases[code][name] = function
        return function

    return decorate


_loaded = False


def load_registrations() -> None:
    """Import each installed app's `tests/roles.py`."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for app in settings.MADOGUCHI_APPS:
        try:
            importlib.import_module(f"{app}.tests.roles")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"{app}.tests.roles", f"{app}.tests"}:
                raise


def staff_client(user):
    """A test client logged in as staff `user`, second factor passed."""
    from django.test import Client

    from madoguchi.identity.testing import login_staff

    client = Client()
    login_staff(client, user)
    return client


def refusal_of(response, *, ok=(200, 302)):
    """A view's answer as the matrix reads it: 403/404 or a redirect to a login page is a refusal
    (raised as PermissionDenied); an answer outside `ok` is a broken case, not a refusal."""
    status = response.status_code
    location = response.get("Location", "") if status in (301, 302, 303) else ""
    if status in (403, 404) or "login" in location.lower():
        raise PermissionDenied(f"refused by the view ({status} {location})".strip())
    assert status in ok, f"unexpected answer {status} {location}"
    return response
