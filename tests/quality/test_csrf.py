"""CSRF: every route refuses a state-changing request that carries no CSRF token.

Routes come from the URL resolver, so new apps are covered as they land. A route that must
accept cross-site POSTs (a payment webhook checked by signature, a read-only CKAN action) is
listed in `CSRF_EXEMPT` with the reason; anything else that answers 2xx/3xx fails the gate.
"""

import re

import pytest
from django.test import Client

from madoguchi.core.tests.factories import MunicipalityFactory, UserFactory
from madoguchi.identity.testing import login_staff

from .routes import all_routes

pytestmark = pytest.mark.django_db

# route regex → reason. Keep this short and explain every entry.
CSRF_EXEMPT: dict[str, str] = {
    r"^api/3/action/": "CKAN Action API: read actions accept POST bodies (no session state changes)",
    r"^idp/token": "test IdP token endpoint: server-to-server, authenticated by client secret + PKCE",
    r"webhook": "payment provider webhooks: authenticated by the provider's signature",
}
REFUSED = {400, 401, 403, 404, 405}


def exempt_reason(route: str) -> str | None:
    return next((reason for pattern, reason in CSRF_EXEMPT.items() if re.search(pattern, route)), None)


@pytest.fixture
def staff_client():
    MunicipalityFactory()
    user = UserFactory(username="csrf-admin", is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    login_staff(client, user)
    return client


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_state_changing_requests_without_a_token_are_refused(staff_client, method):
    checked, failures = 0, []
    for route in all_routes():
        path = route.sample_path()
        if path is None or exempt_reason(route.route):
            continue
        response = getattr(staff_client, method)(path, data={"x": "1"}, content_type="application/json")
        checked += 1
        if response.status_code not in REFUSED:
            failures.append(f"{method.upper()} {path} [{route.name}] → {response.status_code}")
    assert checked >= 3
    assert not failures, "accepted without a CSRF token:\n" + "\n".join(failures)


def test_the_csrf_failure_is_a_403_not_a_crash(staff_client):
    response = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 403


def test_the_same_request_with_a_token_is_accepted(staff_client):
    staff_client.get("/")
    token = staff_client.cookies["csrftoken"].value
    response = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
