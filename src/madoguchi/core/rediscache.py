"""Django's Redis cache with one redis-py client per connection pool (settings.CACHES).

Django's `RedisCacheClient` builds a new `redis.Redis` for every cache operation, and redis-py
fills some 170 response callbacks into each new client: a quarter of a millisecond per read or
write, about 2 ms of an online submit's seven (session, data versions). A `redis.Redis` may be
shared between threads — each command borrows a connection from the pool — so one is kept per pool.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object: ids are stable
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
