"""The Redis cache backend keeps one redis-py client per connection pool (core/rediscache.py)."""

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from madoguchi.core.rediscache import RedisCache

URL = "redis://127.0.0.1:6379/10"


def reachable_redis(url: str):
    """A client of the Redis at `url`, or the test is skipped."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis ({url})")
    return client


@pytest.fixture
def redis_client():
    client = reachable_redis(URL)
    yield client
    for key in client.scan_iter("test-rediscache:*"):
        client.delete(key)


def _cache(backend):
    return backend(URL, {"KEY_PREFIX": "test-rediscache"})


def _clients_built(monkeypatch):
    import redis

    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    return built


def test_reads_and_writes_share_one_client(redis_client, monkeypatch):
    built = _clients_built(monkeypatch)
    cache = _cache(RedisCache)
    cache.set("a", {"住所": "国分寺市"}, 30)
    cache.set_many({"b": 1, "c": 2}, 30)
    assert cache.get("a") == {"住所": "国分寺市"}
    assert cache.get_many(["b", "c"]) == {"b": 1, "c": 2}
    assert cache.incr("b") == 2
    cache.delete("a")
    assert cache.get("a") is None
    assert len(built) == 1


def test_djangos_backend_builds_one_per_operation(redis_client, monkeypatch):
    """What the subclass is for: if Django starts sharing its client, this backend can go."""
    built = _clients_built(monkeypatch)
    cache = _cache(DjangoRedisCache)
    cache.set("a", 1, 30)
    cache.get("a")
    assert len(built) == 2


def test_the_site_caches_use_it_where_there_is_redis():
    import json
    import os
    import subprocess
    import sys

    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({alias: c['BACKEND'] for alias, c in settings.CACHES.items()}))"
    )
    env = {**os.environ, "REDIS_URL": URL, "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    backends = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(backends.values()) == {"madoguchi.core.rediscache.RedisCache"}, backends
