"""Staff login: a role that handles personal data needs a second factor before any case opens."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, UserFactory, staff_member
from madoguchi.identity.staff import StaffRequiredMixin, staff_required
from madoguchi.identity.testing import staff_with_mfa

pytestmark = pytest.mark.django_db


@staff_required
def case_view(request):
    return HttpResponse("case")


class CaseView(StaffRequiredMixin, View):
    def get(self, request):
        return HttpResponse("case")


def _request(user):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/staff/cases/1/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def reviewer():
    return staff_member(DepartmentFactory(code="kodomo-shien"), StaffRole.Role.REVIEW)


@pytest.mark.parametrize("view", [case_view, CaseView.as_view()])
def test_personal_data_role_cannot_open_a_case_before_mfa(reviewer, view):
    response = view(_request(reviewer))
    assert response.status_code == 302 and response["Location"] == "/staff/accounts/2fa/totp/activate/"
    staff_with_mfa(reviewer)
    assert view(_request(reviewer)).content == b"case"


def test_anonymous_is_sent_to_the_staff_login():
    from django.contrib.auth.models import AnonymousUser

    response = case_view(_request(AnonymousUser()))
    assert response.status_code == 302 and response["Location"].startswith("/staff/accounts/login/?next=")


def test_a_resident_is_not_staff():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        case_view(_request(UserFactory()))


def test_sysadmin_without_personal_data_needs_no_mfa():
    admin = staff_member(DepartmentFactory(), StaffRole.Role.SYSADMIN)
    assert case_view(_request(admin)).content == b"case"


def test_staff_page_through_the_client(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/staff/", follow=True)
    assert response.redirect_chain[0][0] == "/staff/accounts/2fa/totp/activate/"
    assert "二要素認証が必要です" in response.content.decode()
    staff_with_mfa(reviewer)
    assert client.get("/staff/").status_code == 200


def test_staff_login_with_password_then_totp(client, reviewer):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    staff_with_mfa(reviewer)
    response = client.post(
        "/staff/accounts/login/", {"login": reviewer.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and "2fa/authenticate" in response["Location"]
    secret = decrypt(Authenticator.objects.get(user=reviewer, type="totp").data["secret"])
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    response = client.post(response["Location"], {"code": format_hotp_value(hotp_value(secret, counter))})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_repeated_wrong_passwords_are_throttled(client, reviewer):
    for _ in range(5):
        client.post("/staff/accounts/login/", {"login": reviewer.username, "password": "wrong-password"})
    response = client.post(
        "/staff/accounts/login/", {"login": reviewer.username, "password": "correct-horse-battery"}
    )
    assert response.status_code in (200, 429)
    assert not response.wsgi_request.user.is_authenticated


def test_signup_is_closed(client):
    response = client.get("/staff/accounts/signup/")
    assert (
        b"username" not in response.content
        or response.status_code != 200
        or "closed" in response.content.decode().lower()
        or "受け付けて" in response.content.decode()
    )
