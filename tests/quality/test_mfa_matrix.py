"""The second-factor matrix: every route × a session that gave only the password.

Routes come from the URL resolver (tests/quality/routes.py), objects from the IDOR factories, so
a new staff page, API endpoint or download is covered the day it is added. For each route the
same staff member asks three ways: with a session that passed the second factor, with a
password-only session (the account has an authenticator, the session never used it — an old
admin login, a stolen password), and anonymously.

Where the full session gets the page (2xx) and an anonymous visitor does not, the route is a
staff route: the password-only session must be refused (401/403/404, or a redirect to the
login or the second-factor step) and must never see the object's marker. Everywhere else the
password-only session is treated exactly as an anonymous visitor.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import login_staff, staff_with_mfa

from . import idor
from .routes import all_routes

pytestmark = pytest.mark.django_db

ALL_ROLES = tuple(StaffRole.Role.values)
# allauth's account pages belong to the account holder, not to the city's data; the steps that
# let a password-only session pass its second factor are reachable by design (identity.mfa).
ACCOUNT_PAGES = ("account_", "mfa_", "socialaccount_", "usersessions_")


def routes():
    idor.load_registrations()
    return [r for r in all_routes() if r.name and not r.regex and not r.name.startswith(ACCOUNT_PAGES)]


def _route_ids():
    return [route.name for route in routes()]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "")
    return response.status_code in (301, 302, 303) and ("login" in location or "/2fa/" in location)


def _clients(user):
    full, half = Client(), Client()
    login_staff(full, user)
    half.force_login(user)  # the password alone: the session never passed the second factor
    return full, half, Client()


@pytest.mark.parametrize("route_name", _route_ids())
def test_password_only_session_gets_no_staff_data(route_name):
    MunicipalityFactory()
    route = next(r for r in routes() if r.name == route_name)
    case = idor.factories[route_name]() if route_name in idor.factories else None
    values = {k: str(v) for k, v in case.kwargs.items()} if case else {}
    path = route.sample_path(values)
    if path is None:
        pytest.skip(f"{route}: no sample path")
    department = (case.department if case else None) or DepartmentFactory()
    user = staff_member(department, *ALL_ROLES, username="mfa-matrix")
    full, half, anonymous = _clients(user)
    marker = case.marker if case else ""
    problems = []
    for each in [path, *(case.extra_paths if case else [])]:
        as_staff, as_half, as_nobody = full.get(each), half.get(each), anonymous.get(each)
        if as_staff.status_code < 300 and as_nobody.status_code >= 300:
            if not refused(as_half):
                problems.append(f"GET {each}: password-only session got {as_half.status_code}")
            elif marker and marker in _body(as_half):
                problems.append(f"GET {each}: password-only session saw {marker!r}")
        elif as_half.status_code != as_nobody.status_code:
            problems.append(
                f"GET {each}: password-only {as_half.status_code}, anonymous {as_nobody.status_code}"
            )
    assert not problems, "\n".join(problems)


def test_the_matrix_reaches_staff_routes():
    """Guard against a matrix that passes because nothing is a staff page (all skipped or 404)."""
    MunicipalityFactory()
    user = staff_member(DepartmentFactory(), *ALL_ROLES, username="mfa-matrix")
    full, half, anonymous = _clients(user)
    staff_pages = [
        reverse(name)
        for name in ("identity:staff_home", "cases:inbox", "cases:export", "api-v1:application-list")
    ]
    for path in staff_pages:
        assert full.get(path).status_code == 200, path
        assert refused(half.get(path)), path


@pytest.mark.parametrize("with_authenticator", [True, False], ids=["has-authenticator", "no-authenticator"])
def test_back_office_needs_the_second_factor(with_authenticator):
    """Every admin page (index and each model's list) × a password-only superuser session."""
    superuser = staff_member(DepartmentFactory(), StaffRole.Role.SYSADMIN, username="mfa-root")
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    if with_authenticator:
        staff_with_mfa(superuser)
    half = Client()
    half.force_login(superuser)
    paths = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    problems = [
        f"{path} → {status}"
        for path in paths
        if not refused(r := half.get(path))
        for status in [r.status_code]
    ]
    assert not problems, "\n".join(problems)
