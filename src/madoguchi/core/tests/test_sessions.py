"""A session in Redis is read in the round trip that reads the request's page versions
(core/sessions.py, pagecache.get_with_versions): one read where there were two."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.test import Client, override_settings

from madoguchi.core import pagecache
from madoguchi.core.tests.factories import PersonFactory, UserFactory
from madoguchi.core.tests.test_rediscache import reachable_redis

URL = "redis://127.0.0.1:6379/10"
OTHER_DB = "redis://127.0.0.1:6379/9"
PREFIX = "test-one-trip"

pytestmark = pytest.mark.django_db  # a bump also runs after commit


def _caches(sessions_url: str) -> dict:
    redis = "madoguchi.core.rediscache.RedisCache"
    return {
        **settings.CACHES,
        "sessions": {"BACKEND": redis, "LOCATION": sessions_url, "KEY_PREFIX": f"{PREFIX}-sessions"},
        "pages": {"BACKEND": redis, "LOCATION": URL, "KEY_PREFIX": f"{PREFIX}-pages"},
    }


@pytest.fixture
def reads(monkeypatch):
    """Every command sent to Redis, by name and keys."""
    import redis

    sent = []
    original = redis.Redis.execute_command

    def recording(self, *args, **options):
        sent.append(args)
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", recording)
    return sent


@pytest.fixture
def redis_caches():
    clients = [reachable_redis(URL), reachable_redis(OTHER_DB)]
    pagecache.forget_local()
    with override_settings(
        MADOGUCHI_PAGE_CACHE=True, CACHES=_caches(URL), SESSION_ENGINE="madoguchi.core.sessions"
    ):
        yield
    pagecache.forget_local()
    for client in clients:
        for key in client.scan_iter(f"*{PREFIX}*"):
            client.delete(key)


def _a_session(value="国分寺市") -> str:
    caches["sessions"].set("s1", {"who": value}, 60)
    pagecache.bump(*pagecache.SCOPES, *pagecache.LOCAL_SCOPES)  # every version stored
    return "s1"


def test_the_session_and_the_versions_come_in_one_read(redis_caches, reads):
    key = _a_session()
    stored = pagecache._read_versions(pagecache.SCOPES)
    reads.clear()
    with pagecache.versions_read_once():
        assert pagecache.get_with_versions(caches["sessions"], key) == {"who": "国分寺市"}
        assert pagecache.versions(pagecache.SCOPES) == stored
    assert [command[0] for command in reads] == ["MGET"]


def test_a_cache_in_another_redis_is_read_by_itself(redis_caches, reads):
    with override_settings(CACHES=_caches(OTHER_DB)):
        key = _a_session()
        reads.clear()
        with pagecache.versions_read_once():
            assert pagecache.get_with_versions(caches["sessions"], key) == {"who": "国分寺市"}
            pagecache.versions(["procedures"])
    assert [command[0] for command in reads] == ["GET", "MGET"]


def test_outside_a_request_or_once_read_it_is_a_plain_read(redis_caches, reads):
    key = _a_session()
    reads.clear()
    assert pagecache.get_with_versions(caches["sessions"], key) == {"who": "国分寺市"}
    with pagecache.versions_read_once():
        pagecache.versions(["site"])
        assert pagecache.get_with_versions(caches["sessions"], key) == {"who": "国分寺市"}
    assert [command[0] for command in reads] == ["GET", "MGET", "GET"]


def test_a_missing_version_is_added_by_the_next_versions_read(redis_caches):
    key = _a_session()
    pagecache._cache().delete("v:procedures")
    with pagecache.versions_read_once():
        assert pagecache.get_with_versions(caches["sessions"], key) == {"who": "国分寺市"}
        version = pagecache.versions(["procedures"])[0]
    assert version and pagecache._cache().get("v:procedures") == version


def test_no_session_is_none(redis_caches):
    pagecache.bump(*pagecache.SCOPES, *pagecache.LOCAL_SCOPES)
    with pagecache.versions_read_once():
        assert pagecache.get_with_versions(caches["sessions"], "nobody") is None


def test_a_login_holds_across_requests_read_in_one_trip(redis_caches, reads):
    person = PersonFactory(user=UserFactory())
    client = Client()
    client.force_login(person.user)
    assert client.session[SESSION_KEY] == str(person.user_id)
    client.get("/me/")  # the versions stored
    reads.clear()
    assert client.get("/me/").status_code == 200  # still logged in: the session was read
    session_key = caches["sessions"].make_and_validate_key(client.session.cache_key)
    session_reads = [command for command in reads if session_key in command]
    assert [command[0] for command in session_reads] == ["MGET"]
    assert any(key.endswith("v:site") for key in session_reads[0][1:])
    client.logout()
    assert client.get("/me/").status_code == 302
