"""A ≤30-second smoke of the bench, in the normal suite: the load phases run and the drill's
reconciliation holds (no kills here; `make bench` does those)."""

import pytest
from django.db import connection

from madoguchi.core.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bench_server(settings, live_server):
    from bench.urls import create_tables

    settings.ROOT_URLCONF = "bench.urls"
    MunicipalityFactory()
    create_tables()
    return live_server.url


def test_load_phases_run_and_report(bench_server, capsys):
    from bench.common import bench_env
    from bench.load import run_phase

    env = bench_env("sqlite:///unused")
    baseline = run_phase(bench_server, "baseline", seconds=2, users=2, env=env)
    assert baseline["requests"] > 0 and baseline["failures"] == 0, baseline
    assert baseline["p50"] <= baseline["p95"] <= baseline["p99"]


def test_drill_reconciliation_finds_every_receipt_once(bench_server):
    import time
    import uuid

    from bench.drill import submit

    acknowledged = {}
    for _ in range(10):
        key = uuid.uuid4().hex
        acknowledged[key] = submit(bench_server, key, time.monotonic() + 10)
        assert submit(bench_server, key, time.monotonic() + 10) == acknowledged[key]  # a retry: same receipt
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, id FROM bench_receipt")
        rows = dict(cursor.fetchall())
        cursor.execute("SELECT count(*), sum(attempts) FROM bench_effect")
        effects, attempts = cursor.fetchone()
    found = sum(1 for key, number in acknowledged.items() if rows.get(key) == number)
    duplicates = len(rows) - len(set(rows))
    print(f"acknowledged {len(acknowledged)}, found {found}, duplicates {duplicates}")
    assert found == len(acknowledged) == len(rows) and duplicates == 0
    assert effects == 10 and attempts == 20  # each key's task ran twice, its effect applied once
