"""A logged-in request's account (core.auth): the user, their Person and whether they hold a staff
role are read in one query; sessions live in Redis where the site has one (ADR 0007)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from madoguchi.core import access
from madoguchi.core.auth import AccountBackend
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db


def test_resident_account_person_and_staff_check_in_one_query(django_assert_num_queries):
    person = PersonFactory(user=UserFactory())
    with django_assert_num_queries(1):
        user = AccountBackend().get_user(person.user_id)
        assert user.person == person
        assert not access.is_staff_account(user)


def test_a_role_holder_is_a_staff_account_without_another_query(django_assert_num_queries):
    chief = staff_member(DepartmentFactory(), StaffRole.Role.APPROVAL)
    with django_assert_num_queries(1):
        user = AccountBackend().get_user(chief.pk)
        assert access.is_staff_account(user)
        assert not hasattr(user, "person")  # a city account without a resident record


def test_inactive_and_unknown_accounts_are_not_loaded():
    assert AccountBackend().get_user(UserFactory(is_active=False).pk) is None
    assert AccountBackend().get_user(987654) is None


def test_an_account_loaded_elsewhere_still_asks_for_its_roles():
    chief = staff_member(DepartmentFactory(), StaffRole.Role.APPROVAL)
    assert access.is_staff_account(type(chief).objects.get(pk=chief.pk))
    assert not access.is_staff_account(UserFactory())


@pytest.fixture
def redis_sessions(settings):
    import redis

    url = "redis://127.0.0.1:6379/10"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"sessions in Redis need Redis ({url})")
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "madoguchi.core.rediscache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "test-sessions",
        },
    }
    settings.SESSION_ENGINE = "madoguchi.core.sessions"
    yield client
    for key in client.scan_iter("test-sessions:*"):
        client.delete(key)


def test_a_login_lives_in_redis_and_the_database_holds_no_session(redis_sessions):
    from django.contrib.sessions.models import Session

    person = PersonFactory(user=UserFactory())
    client = Client()
    client.force_login(person.user)
    assert client.get("/me/").status_code == 200  # the login holds from one request to the next
    session = client.session
    assert session[SESSION_KEY] == str(person.user_id)
    assert any(redis_sessions.scan_iter("test-sessions:*"))
    assert not Session.objects.exists()
    client.logout()
    assert client.get("/me/").status_code == 302  # gone from Redis: asked to log in again


def test_the_account_read_leaves_the_my_number_encrypted(monkeypatch, django_assert_num_queries):
    from madoguchi.core import crypto
    from madoguchi.core.mynumber import set_my_number

    person = PersonFactory(user=UserFactory())
    set_my_number(person, "123456789018", by=None)
    decrypted = []
    decrypt = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda *a, **k: decrypted.append(1) or decrypt(*a, **k))
    with django_assert_num_queries(1):
        user = AccountBackend().get_user(person.user_id)
        assert user.person.pk == person.pk
    assert decrypted == []
    with django_assert_num_queries(1):  # where a page needs it, it is read then
        assert user.person.has_my_number
