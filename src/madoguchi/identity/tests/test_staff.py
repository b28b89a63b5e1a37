"""Staff login: a city account counts as staff only in a session that passed its second factor."""

import pytest
from django.urls import reverse

from madoguchi.core.models import AuditEntry, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, UserFactory, staff_member
from madoguchi.identity.testing import login_staff, staff_with_mfa

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def reviewer():
    return staff_member(DepartmentFactory(code="kodomo-shien"), StaffRole.Role.REVIEW)


@pytest.fixture
def superuser():
    user = staff_member(DepartmentFactory(code="joho"), StaffRole.Role.SYSADMIN, username="root")
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def _totp_code(user):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    from madoguchi.identity.testing import totp_code

    return totp_code(decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"]))


def _back_office_clerk(user):
    """Model permissions for the back office's resident pages (the role is checked as well)."""
    from django.contrib.auth.models import Permission

    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_person", "change_person"]))


def test_anonymous_is_sent_to_the_staff_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/accounts/login/?next=")


def test_a_resident_is_not_staff(client):
    client.force_login(UserFactory())
    assert client.get("/staff/").status_code == 403


def test_an_authenticator_on_the_account_is_not_enough(client, reviewer):
    """The old check asked "does an authenticator exist?"; a password-only session passed it."""
    staff_with_mfa(reviewer)
    client.force_login(reviewer)  # a session opened with the password alone
    response = client.get("/staff/cases/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fstaff%2Fcases%2F"
    response = client.get("/staff/accounts/login/")  # the login page sends it on too
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(response["Location"], {"code": _totp_code(reviewer)})
    assert response.status_code == 302
    assert client.get("/staff/cases/").status_code == 200


def test_password_only_staff_without_authenticator_must_set_one_up(client, reviewer):
    reviewer.set_password(PASSWORD)
    reviewer.save()
    response = client.post("/staff/accounts/login/", {"login": reviewer.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_activating_an_authenticator_passes_the_second_factor(
    client, reviewer, django_capture_on_commit_callbacks
):
    from madoguchi.identity.testing import totp_code

    reviewer.set_password(PASSWORD)
    reviewer.save()
    client.post("/staff/accounts/login/", {"login": reviewer.username, "password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))  # no second password prompt right after login
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_staff_session_after_mfa_opens_staff_pages(client, reviewer):
    login_staff(client, reviewer)
    assert client.get("/staff/").status_code == 200


def test_admin_login_is_not_a_door_around_the_second_factor(client, superuser):
    """POST /admin/login/ with a password used to open a session that read residents' cases."""
    superuser.set_password(PASSWORD)
    superuser.save()
    response = client.post("/admin/login/", {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/staff/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_superuser_needs_a_second_factor_for_the_back_office(client, superuser):
    staff_with_mfa(superuser)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 302
    login_staff(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_locked_out_account_cannot_use_the_admin_login_instead(client, reviewer):
    """5 wrong passwords lock the staff login; the admin login used to ignore the lock."""
    reviewer.set_password(PASSWORD)
    reviewer.save()
    for _ in range(5):
        client.post("/staff/accounts/login/", {"login": reviewer.username, "password": "wrong-password"})
    client.post("/admin/login/", {"username": reviewer.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_person_pages_in_the_back_office_need_a_role_and_are_audited(client, superuser, reviewer):
    person = PersonFactory(family_name="閲覧")
    login_staff(client, superuser)  # システム管理 only: no role that handles residents
    assert client.get(reverse("admin:core_person_change", args=[person.pk])).status_code == 403
    _back_office_clerk(reviewer)
    login_staff(client, reviewer)
    before = AuditEntry.objects.filter(action="personal_data_viewed").count()
    response = client.get(reverse("admin:core_person_change", args=[person.pk]))
    assert response.status_code == 200 and "閲覧" in response.content.decode()
    entry = AuditEntry.objects.filter(action="personal_data_viewed").latest("seq")
    assert AuditEntry.objects.filter(action="personal_data_viewed").count() == before + 1
    assert (entry.object_type, entry.object_id, entry.actor_label) == (
        "core.person",
        str(person.pk),
        reviewer.username,
    )
    client.get(reverse("admin:core_person_changelist") + "?q=閲覧")
    entry = AuditEntry.objects.filter(action="personal_data_viewed").latest("seq")
    assert entry.data == {"surface": "admin", "query": "閲覧"}


def test_person_changes_in_the_back_office_write_an_event(client, reviewer):
    from django.forms.models import model_to_dict

    from madoguchi.core.events import events_for

    person = PersonFactory(phone="042-000-0000")
    _back_office_clerk(reviewer)
    login_staff(client, reviewer)
    data = {k: ("" if v is None else v) for k, v in model_to_dict(person).items() if k not in ("id", "user")}
    data["phone"] = "042-325-0111"
    response = client.post(reverse("admin:core_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.phone == "042-325-0111"
    event = events_for(person).get()
    assert event.verb == "person_changed" and event.data["fields"] == ["phone"] and event.actor == reviewer
    client.post(reverse("admin:core_person_change", args=[person.pk]), {**data})  # the same values again
    assert events_for(person).count() == 1  # nothing changed: no second Event


def test_staff_login_with_password_then_totp(client, reviewer):
    staff_with_mfa(reviewer)
    response = client.post("/staff/accounts/login/", {"login": reviewer.username, "password": PASSWORD})
    assert response.status_code == 302 and "2fa/authenticate" in response["Location"]
    response = client.post(response["Location"], {"code": _totp_code(reviewer)})
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


@pytest.mark.parametrize(
    ("secure", "next_url", "back_to"),
    [
        (False, "/staff/cases/", "/staff/cases/"),  # the login page's ?next= is kept
        (False, "http://testserver/staff/cases/", "http://testserver/staff/cases/"),  # this host
        (False, "https://evil.example/staff/", "/staff/"),  # another host: no open redirect
        (True, "http://testserver/staff/cases/", "/staff/"),  # over HTTPS, not back to plain HTTP
        (True, "https://testserver/staff/cases/", "https://testserver/staff/cases/"),
        (False, None, "/staff/"),  # the login page itself: on to the staff home, not back to it
    ],
    ids=["path", "same-host", "other-host", "https-to-http", "https", "no-next"],
)
def test_the_second_factor_step_returns_only_to_this_site(client, reviewer, secure, next_url, back_to):
    """A password-only session at the login page is sent to its second factor, then back to
    where it was going — only on this site, and not down from HTTPS to HTTP."""
    from urllib.parse import parse_qs, urlsplit

    staff_with_mfa(reviewer)
    client.force_login(reviewer)
    response = client.get("/staff/accounts/login/", {"next": next_url} if next_url else {}, secure=secure)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("mfa_reauthenticate")
    assert parse_qs(location.query) == {"next": [back_to]}


def test_only_this_accounts_own_totp_or_key_counts_as_having_a_second_factor(client, reviewer):
    """A colleague's authenticator, or recovery codes alone, do not spare an account the set-up."""
    from allauth.mfa.models import Authenticator

    staff_with_mfa(staff_member(DepartmentFactory(), StaffRole.Role.REVIEW, username="colleague"))
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(reviewer)
    response = client.get("/staff/cases/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_request_without_a_session_has_passed_no_second_factor(rf, reviewer):
    """No session (a request that bypassed SessionMiddleware): nothing to have passed."""
    from madoguchi.identity.mfa import second_factor_passed

    request = rf.get("/staff/")
    request.user = reviewer
    assert second_factor_passed(request) is False


def test_a_redirect_on_a_passing_page_is_no_second_factor(client, reviewer):
    """Only activating an authenticator counts as passing: changing the language (a POST that
    answers 302 on a page open before the second factor) does not."""
    staff_with_mfa(reviewer)
    client.force_login(reviewer)  # the password alone
    response = client.post(reverse("set_language"), {"language": "en", "next": "/staff/cases/"})
    assert response.status_code == 302
    assert client.get("/staff/cases/").status_code == 302  # still sent to the second factor


def test_with_the_session_store_down_nobody_is_staff(client, reviewer, monkeypatch):
    """If the session's authentication records cannot be read, the account is anonymous: the
    staff pages send it to the login, the public pages still answer."""
    from django.db import DatabaseError

    from madoguchi.identity import mfa

    login_staff(client, reviewer)

    def unreadable(request, user):
        raise DatabaseError("session store down")

    monkeypatch.setattr(mfa, "get_authentication_records", unreadable)
    response = client.get("/staff/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/accounts/login/")
    assert client.get("/").status_code == 200
