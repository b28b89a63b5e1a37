"""The readiness checks behind /readyz: each returns "ok" or says what is wrong (and may raise)."""

from __future__ import annotations

import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from . import CACHE_SECONDS

_applied = False


def migrations() -> str:
    global _applied
    if _applied:
        return "ok"
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"pending: {len(pending)}"
    _applied = True  # applied migrations stay applied for this code's lifetime
    return "ok"


def database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def cache_round_trip() -> str:
    key, value = f"madoguchi:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    start = time.perf_counter()
    cache.set(key, value, timeout=10)
    found = cache.get(key)
    cache.delete(key)
    CACHE_SECONDS.observe(time.perf_counter() - start)
    return "ok" if found == value else "error: value not read back"


def broker() -> str:
    from ..views import _broker_status

    status = _broker_status()
    return "ok" if status == "eager" else status  # eager (demo): no broker to reach
