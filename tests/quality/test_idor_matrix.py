"""The IDOR matrix (see idor.py): object routes × another resident × another department."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import (
    DepartmentFactory,
    MunicipalityFactory,
    PersonFactory,
    staff_member,
)
from madoguchi.identity.testing import login_resident, login_staff

from . import idor
from .routes import all_routes

pytestmark = pytest.mark.django_db

ALL_ROLES = tuple(StaffRole.Role.values)


def staff(department, username=None):
    """A staff member with every role in `department` and a second factor (staff pages that show
    personal data require MFA; the matrix tests department access, not the MFA gate)."""
    user = staff_member(department, *ALL_ROLES, username=username)
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.get_or_create(user=user, type="totp", defaults={"data": {"secret": "test"}})
    return user


def object_routes():
    idor.load_registrations()
    # Admin object views are covered model by model in the back-office test below.
    return [
        r
        for r in all_routes()
        if r.has_object_args and not r.regex and r.name and not r.name.startswith("admin:")
    ]


def _route_ids():
    return [route.name for route in object_routes()] or ["none"]


@pytest.fixture
def city():
    return MunicipalityFactory()


def refused(response, marker: str) -> bool:
    if not marker:
        body = ""
    elif getattr(response, "streaming", False):  # a file download: read what would reach the client
        body = b"".join(response.streaming_content).decode(errors="replace")
    else:
        body = response.content.decode(errors="replace")
    if marker and marker in body:
        return False
    return response.status_code in (403, 404) or idor.is_login_redirect(response)


@pytest.mark.parametrize("route_name", _route_ids())
def test_object_route_refuses_other_people(city, route_name):
    if route_name == "none":
        pytest.skip("no object routes yet")
    route = next(r for r in object_routes() if r.name == route_name)
    if route_name in idor.non_object_routes:
        pytest.skip(f"not an object route: {idor.non_object_routes[route_name]}")
    if route_name in idor.public_routes:
        pytest.skip(f"public: {idor.public_routes[route_name]}")
    if route_name not in idor.factories:
        pytest.skip(
            f"UNCOVERED: no IDOR factory for {route}; register one in madoguchi/{route.app}/tests/idor.py"
        )
    case = idor.factories[route_name]()
    path = route.sample_path({k: str(v) for k, v in case.kwargs.items()})
    paths = [path, *case.extra_paths]
    results = []

    def check(label, client, expect_ok):
        for each in paths:
            response = client.get(each)
            ok = response.status_code == case.owner_status if expect_ok else refused(response, case.marker)
            if not ok:
                results.append(f"{label} GET {each} → {response.status_code}")

    if case.resident is not None:
        owner = Client()
        login_resident(owner, case.resident)
        check("owner resident", owner, True)
    if case.department is not None:
        owner_staff = Client()
        login_staff(owner_staff, staff(case.department))
        check("owning department's staff", owner_staff, True)

    other_resident = Client()
    login_resident(other_resident, PersonFactory())
    check("another resident", other_resident, False)

    other_staff = Client()
    login_staff(other_staff, staff(DepartmentFactory(), username="idor-other-dept"))
    check("another department's staff", other_staff, False)

    check("anonymous visitor", Client(), False)
    assert not results, f"IDOR matrix for {route}:\n" + "\n".join(results)


def test_back_office_refuses_staff_without_permissions_and_residents(city):
    """Every admin model (list, and change/history/delete of an existing row): another
    department's staff without model permissions gets 403, a resident is sent to the login."""
    PersonFactory()
    other_staff = Client()
    login_staff(other_staff, staff_member(DepartmentFactory(), *ALL_ROLES, username="idor-admin-other"))
    resident = Client()
    login_resident(resident, PersonFactory())
    failures = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"{prefix}_changelist")]
        row = model._default_manager.first()
        if row is not None:
            urls += [reverse(f"{prefix}_{view}", args=[row.pk]) for view in ("change", "history", "delete")]
        for url in urls:
            # 302 to the list is Django's answer for an object the user may not see at all.
            if (status := other_staff.get(url).status_code) not in (403, 404, 302):
                failures.append(f"staff without permission: {url} → {status}")
            if not idor.is_login_redirect(response := resident.get(url)):
                failures.append(f"resident: {url} → {response.status_code}")
    assert admin.site._registry, "no admin models registered?"
    assert not failures, "\n".join(failures)
