"""The drill's notification channel (bench settings only, `MADOGUCHI_NOTIFIERS=drill`).

A stand-in for an SMS / LINE / push API that honours idempotency keys, kept in Redis — outside
the PostgreSQL cluster the drill restarts, as a real provider would be:

- `drill:attempts`  key → how many times a worker called `send` with it;
- `drill:delivered` key → the address, set once per key (the provider delivers a key once).

The drill arms a stall by setting `drill:hold` to "before" or "after": the one `send` that takes
it pushes {"pid", "key", "mode"} to `drill:started` and sleeps — before or after the delivery —
so the drill can kill -9 the worker while that task is provably running.
"""

from __future__ import annotations

import json
import os
import time

import redis

PROVIDER_URL = os.environ.get("BENCH_PROVIDER_URL", "redis://127.0.0.1:6379/14")
ATTEMPTS, DELIVERED, HOLD, STARTED = "drill:attempts", "drill:delivered", "drill:hold", "drill:started"
STALL_SECONDS = 60

_clients: dict[int, redis.Redis] = {}


def provider() -> redis.Redis:
    """One client per process (prefork pool processes must not share the parent's socket)."""
    pid = os.getpid()
    if pid not in _clients:
        _clients[pid] = redis.Redis.from_url(PROVIDER_URL, decode_responses=True)
    return _clients[pid]


def reset() -> None:
    provider().delete(ATTEMPTS, DELIVERED, HOLD, STARTED)


class DrillNotifier:
    code = "drill"

    def address_for(self, person, user) -> str:
        return (person.email if person else "") or (user.email if user else "")

    def send(self, *, address: str, subject: str, body: str, key: str) -> None:
        client = provider()
        hold = client.getdel(HOLD)
        if hold == "before":
            _stall(client, key, hold)
        client.hincrby(ATTEMPTS, key, 1)
        client.hsetnx(DELIVERED, key, address)
        if hold == "after":
            _stall(client, key, hold)


def _stall(client: redis.Redis, key: str, mode: str) -> None:
    client.rpush(STARTED, json.dumps({"pid": os.getpid(), "key": key, "mode": mode}))
    time.sleep(STALL_SECONDS)
