"""Celery's Redis transport, publishing through one redis-py client per channel.

kombu's Redis channel builds a new `redis.Redis` for each message it publishes
(`Channel.conn_or_acquire`), and redis-py fills ~170 response callbacks in each: a quarter of a
millisecond of every web request that queues a notice. A client is thread-safe and takes a
connection from the channel's pool for each command, so one client does the same work. Chosen in
settings (CELERY_BROKER_TRANSPORT) for `redis://` brokers; the same reasoning as
core/rediscache.py for the cache (ADR 0007).
"""

from __future__ import annotations

from contextlib import contextmanager

from kombu.transport import redis


class Channel(redis.Channel):
    _publisher = None
    _publisher_pool = None

    @contextmanager
    def conn_or_acquire(self, client=None):
        if client:
            yield client
            return
        pool = self.pool
        if self._publisher_pool is not pool:  # first use, or a new pool after a disconnect
            self._publisher, self._publisher_pool = self._create_client(), pool
        yield self._publisher


class Transport(redis.Transport):
    Channel = Channel
