"""The sliding idle timeout (core.middleware.SessionMiddleware): a session is written again, and
its cookie re-sent, once MADOGUCHI_SESSION_REFRESH_SECONDS have passed since its last write; the
requests in between write nothing (ADR 0007)."""

from importlib import import_module

import pytest
from django.conf import settings as django_settings

from madoguchi.core.middleware import REFRESHED_KEY
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity.testing import login_resident

pytestmark = pytest.mark.django_db

PAGE = "/applications/"  # the resident's own applications: reads the session


@pytest.fixture
def saves(monkeypatch):
    """The session writes made while serving requests."""
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    made = []
    save = store.save

    def counted(self, must_create=False):
        made.append(self.session_key)
        return save(self, must_create=must_create)

    monkeypatch.setattr(store, "save", counted)
    return made


@pytest.fixture
def resident_client(client):
    login_resident(client, PersonFactory())
    return client


def _age_last_write(client, seconds: int) -> None:
    session = client.session
    session[REFRESHED_KEY] -= seconds
    session.save()


def test_a_login_notes_the_time_of_its_write(client):
    from madoguchi.core.tests.factories import UserFactory

    user = UserFactory(username="sliding")
    user.set_password("pw-sliding-123")
    user.save()
    response = client.post("/staff/accounts/login/", {"login": "sliding", "password": "pw-sliding-123"})
    assert response.status_code in (200, 302)
    assert client.session.get(REFRESHED_KEY)


def test_requests_soon_after_the_last_write_write_nothing(resident_client, saves):
    resident_client.get(PAGE)  # the first request after login_resident notes the time
    saves.clear()
    for _ in range(3):
        response = resident_client.get(PAGE)
        assert response.status_code == 200
        assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert saves == []


def test_a_request_after_the_interval_slides_the_timeout(resident_client, saves):
    resident_client.get(PAGE)
    _age_last_write(resident_client, django_settings.MADOGUCHI_SESSION_REFRESH_SECONDS)
    before = resident_client.session.get_expiry_date()
    saves.clear()
    response = resident_client.get(PAGE)
    assert len(saves) == 1
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == django_settings.SESSION_COOKIE_AGE
    assert resident_client.session.get_expiry_date() > before


def test_a_request_without_a_session_writes_none(client, saves):
    response = client.get("/procedures/")
    assert response.status_code == 200
    assert saves == []
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
