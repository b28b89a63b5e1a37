"""Nothing a logged-in person sees is kept by a cache (issue 14, item 8a): Cache-Control: no-store,
private on every route the URL resolver serves — argument-free pages for staff and residents, and
every object route (with a real object from the IDOR registry) for its owning resident and its
department's staff — while public pages for anonymous visitors stay cacheable."""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client, RequestFactory

from madoguchi.core.models import StaffRole
from madoguchi.core.privatecache import PrivateCacheMiddleware
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_resident, login_staff

from . import idor
from .routes import all_routes

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("i18n/", "text-size/")
ALL_ROLES = tuple(StaffRole.Role.values)


def directives(response) -> set[str]:
    return {d.strip().lower() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def not_stored(response) -> bool:
    return {"no-store", "private"} <= directives(response)


def read(response) -> None:
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


@pytest.fixture
def city():
    return MunicipalityFactory()


def argument_free_routes():
    for route in all_routes():
        if route.has_object_args or route.regex or route.route.startswith(SKIP_PREFIXES):
            continue
        if "logout" in route.route:  # would end the session the walk is checking
            continue
        yield route


def walk(client) -> tuple[int, list[str]]:
    served, failures = 0, []
    for route in argument_free_routes():
        path = route.sample_path()
        response = client.get(path)
        read(response)
        if response.status_code == 200:
            served += 1
        if not not_stored(response):
            failures.append(
                f"{path} → {response.status_code}, Cache-Control {response.get('Cache-Control')!r}"
            )
    return served, failures


def test_every_page_a_staff_member_opens_is_not_stored(city):
    client = Client()
    login_staff(client, staff_member(DepartmentFactory(), *ALL_ROLES, username="cache-staff"))
    served, failures = walk(client)
    assert served >= 20, "the walk must reach the staff pages"
    assert not failures, "cacheable responses for a logged-in staff member:\n" + "\n".join(failures)


def test_every_page_a_resident_opens_is_not_stored(city):
    client = Client()
    login_resident(client, PersonFactory())
    served, failures = walk(client)
    assert served >= 10
    assert not failures, "cacheable responses for a logged-in resident:\n" + "\n".join(failures)


def object_routes():
    idor.load_registrations()
    return [r for r in all_routes() if r.has_object_args and not r.regex and r.name in idor.factories]


@pytest.mark.parametrize("route_name", [r.name for r in object_routes()])
def test_object_pages_for_their_owners_are_not_stored(city, route_name):
    """Covers the case page, the resident's application, copy.pdf, attachments, certificate
    downloads and the API's application detail, each with a real object."""
    route = next(r for r in object_routes() if r.name == route_name)
    case = idor.factories[route_name]()
    paths = [route.sample_path({k: str(v) for k, v in case.kwargs.items()}), *case.extra_paths]
    clients = []
    if case.resident is not None:
        owner = Client()
        login_resident(owner, case.resident)
        clients.append(("resident", owner))
    if case.department is not None:
        staff = Client()
        login_staff(staff, staff_member(case.department, *ALL_ROLES, username="cache-owner"))
        clients.append(("staff", staff))
    failures = []
    for label, client in clients:
        for path in paths:
            response = client.get(path)
            read(response)
            if not not_stored(response):
                failures.append(
                    f"{label} GET {path} → {response.status_code}: {response.get('Cache-Control')!r}"
                )
    assert not failures, "\n".join(failures)


def test_the_named_personal_downloads_are_in_the_walk():
    names = {r.name for r in object_routes()}
    assert {
        "cases:case",
        "applications:detail",
        "applications:copy_pdf",
        "applications:attachment",
        "api-v1:application-detail",
        "delivery:download",
    } <= names
    assert "cases:export" in {r.name for r in argument_free_routes()}


def test_export_csv_is_not_stored(city):
    client = Client()
    login_staff(client, staff_member(DepartmentFactory(), *ALL_ROLES, username="cache-export"))
    response = client.get("/staff/cases/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not_stored(response)


def test_a_password_only_staff_session_is_not_stored_either(city):
    """A staff session that has not passed its second factor is still a logged-in session."""
    client = Client()
    client.force_login(staff_member(DepartmentFactory(), *ALL_ROLES, username="cache-half"))
    assert not_stored(client.get("/"))


@pytest.mark.parametrize("path", ["/", "/procedures/", "/life-events/", "/opendata/"])
def test_public_pages_for_anonymous_visitors_stay_cacheable(city, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in directives(response) and "private" not in directives(response)


def test_a_view_that_declares_public_content_keeps_its_policy():
    def view(request):
        response = HttpResponse("public")
        response["Cache-Control"] = "public, max-age=300"
        return response

    request = RequestFactory().get("/")
    request.user = get_user_model()(username="x")  # authenticated
    assert directives(PrivateCacheMiddleware(view)(request)) == {"public", "max-age=300"}
