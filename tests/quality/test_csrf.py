"""CSRF: every route refuses a state-changing request that carries no CSRF token.

Routes come from the URL resolver, so new apps are covered as they land. A route that must
accept cross-site POSTs (a payment webhook checked by signature, a read-only CKAN action) is
listed in `CSRF_EXEMPT` with the reason; anything else that answers 2xx/3xx fails the gate.
"""

import re

import pytest
from django.db import transaction
from django.test import Client

from madoguchi.core.tests.factories import MunicipalityFactory, UserFactory
from madoguchi.identity.testing import login_staff

from . import idor
from .routes import all_routes

pytestmark = pytest.mark.django_db

# route regex → reason. Keep this short and explain every entry.
CSRF_EXEMPT: dict[str, str] = {
    r"^api/(3/)?action/": "CKAN Action API (and its version-less alias): read actions accept POST bodies (no session state changes)",
    r"^idp/token": "test IdP token endpoint: server-to-server, authenticated by client secret + PKCE",
    r"webhook": "payment provider webhooks: authenticated by the provider's signature",
}
# What a refusal looks like: Django's CSRF failure (403), DRF's (403), or no session accepted at all
# (401, e.g. a bearer-token endpoint). Not 404/405: a CSRF-exempt view that answers 404 because the
# sample id names nothing would pass without proving anything — object routes get real objects.
REFUSED = {401, 403}
METHODS = ("post", "put", "patch", "delete")


def exempt_reason(route: str) -> str | None:
    return next((reason for pattern, reason in CSRF_EXEMPT.items() if re.search(pattern, route)), None)


@pytest.fixture
def staff_client():
    MunicipalityFactory()
    user = UserFactory(username="csrf-admin", is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    login_staff(client, user)
    return client


def refusal_failures(client, routes) -> tuple[int, list[str]]:
    """Send each state-changing method without a token to each route; list what was not refused.

    An object route with an IDOR factory (its app's tests/idor.py) is sent to an object that exists;
    each factory's objects live in a savepoint rolled back after its routes were tried."""
    checked, failures = 0, []
    by_factory: dict = {}
    for route in routes:
        if route.regex or exempt_reason(route.route):
            continue
        factory = idor.factories.get(route.name) if route.has_object_args else None
        by_factory.setdefault(factory, []).append(route)

    def send(route, path):
        nonlocal checked
        for method in METHODS:
            response = getattr(client, method)(path, data={"x": "1"}, content_type="application/json")
            checked += 1
            if response.status_code not in REFUSED:
                failures.append(f"{method.upper()} {path} [{route.name}] → {response.status_code}")

    for route in by_factory.pop(None, []):
        if (path := route.sample_path()) is not None:
            send(route, path)
    for factory, group in by_factory.items():
        with transaction.atomic():
            case = factory()
            for route in group:
                if (path := route.sample_path({k: str(v) for k, v in case.kwargs.items()})) is not None:
                    send(route, path)
            transaction.set_rollback(True)
    return checked, failures


def test_state_changing_requests_without_a_token_are_refused(staff_client):
    idor.load_registrations()
    checked, failures = refusal_failures(staff_client, all_routes())
    assert checked >= 4 * 100
    assert not failures, "not refused without a CSRF token:\n" + "\n".join(failures)


def test_the_gate_does_not_take_a_404_for_a_refusal(staff_client, settings):
    """A CSRF-exempt view that deletes what exists and answers 404 otherwise is reported."""
    from django.urls import clear_url_caches

    from madoguchi.core.tests.factories import PersonFactory

    settings.ROOT_URLCONF = "tests.quality.csrf_gate_urls"  # the real routes plus one exempt view
    clear_url_caches()
    try:
        person = PersonFactory()
        route = next(r for r in all_routes() if r.name == "exempt_delete")
        idor.factories["exempt_delete"] = lambda: idor.IdorCase(kwargs={"pk": person.pk})
        try:
            checked, failures = refusal_failures(staff_client, [route])
        finally:
            del idor.factories["exempt_delete"]
    finally:
        clear_url_caches()
    assert checked == 4
    assert failures and failures[0] == f"POST /exempt/{person.pk}/ [exempt_delete] → 204", failures


def test_the_csrf_failure_is_a_403_not_a_crash(staff_client):
    response = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 403


def test_the_same_request_with_a_token_is_accepted(staff_client):
    staff_client.get("/")
    token = staff_client.cookies["csrftoken"].value
    response = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
