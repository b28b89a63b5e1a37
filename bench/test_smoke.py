"""A short smoke of the bench in the normal suite: the load phases run and report, and the drill's
pieces hold on a live server — residents log in and submit through the real API with an
Idempotency-Key (a retry gets the same receipt), each submit's notification reaches the drill's
channel under its delivery key, a send repeated after a crash is dropped by that key, and the
reconciliation balances (and notices when it does not).

The kills themselves — gunicorn, Celery workers, the PostgreSQL restart — are `make bench`
(`python -m bench.drill`): starting those processes alone can take a minute on a busy machine.
"""

import collections
import json
import threading
import time
import uuid

import pytest

from madoguchi.core.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bench_server(settings, live_server):
    from bench.urls import create_tables

    settings.ROOT_URLCONF = "bench.urls"
    MunicipalityFactory()
    create_tables()
    return live_server.url


@pytest.mark.django_db(transaction=False)
def test_each_scenario_runs_between_two_baseline_phases():
    from bench.load import phases

    apps = {"madoguchi.procedures", "madoguchi.applications"}  # open data not installed: skipped
    assert phases(("baseline", "catalog", "opendata", "submit"), apps) == [
        "baseline",
        "catalog",
        "baseline",
        "submit",
        "baseline",
    ]
    assert phases(("baseline",), apps) == ["baseline"]
    assert phases(("submit",), apps) == ["baseline", "submit", "baseline"]


def test_a_scenario_is_compared_with_the_mean_of_the_baselines_around_it():
    from bench.load import ratios

    results = [
        {"scenario": "baseline", "rps": 600.0},
        {"scenario": "catalog", "rps": 550.0},
        {"scenario": "baseline", "rps": 500.0},  # the machine slowed down
        {"scenario": "submit", "rps": 150.0},
        {"scenario": "baseline", "rps": 700.0},
    ]
    ratios(results)
    assert [r["ratio"] for r in results] == [1.0, 1.0, 1.0, 0.25, 1.0]
    lone = [{"scenario": "submit", "rps": 10.0}, {"scenario": "baseline", "rps": 0.0}]
    ratios(lone)
    assert lone[0]["ratio"] == 0.0  # no baseline measured: no ratio


def test_load_phases_run_and_report(bench_server, capsys):
    from bench.common import bench_env
    from bench.load import run_phase

    env = bench_env("sqlite:///unused")
    baseline = run_phase(bench_server, "baseline", seconds=2, users=2, env=env)
    assert baseline["requests"] > 0 and baseline["failures"] == 0, baseline
    assert baseline["p50"] <= baseline["p95"] <= baseline["p99"]


@pytest.fixture
def provider(monkeypatch, settings):
    """The drill's channel on a Redis database of its own, so a running drill is not disturbed."""
    import redis

    from bench import notifier
    from madoguchi.core.notifications import notifiers

    url = notifier.PROVIDER_URL.rsplit("/", 1)[0] + "/12"
    client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"the drill's channel needs Redis ({url})")
    monkeypatch.setattr(notifier, "PROVIDER_URL", url)
    monkeypatch.setattr(notifier, "_clients", {})
    notifier.reset()
    added = "drill" not in notifiers
    if added:
        notifiers.register(notifier.DrillNotifier())
    settings.MADOGUCHI_NOTIFIERS = ["drill"]
    settings.MADOGUCHI_NOTICES_CHANNELS = []  # as bench/server_settings.py: no resident's choice
    yield client
    notifier.reset()
    if added:
        notifiers._items.pop("drill")


def test_drill_submits_through_the_api_and_reconciles(bench_server, provider, capsys):
    from bench import notifier
    from bench.drill import Resident, reconcile, setup, snapshot
    from bench.submit_ratio import payload
    from madoguchi.core.models import Notification
    from madoguchi.core.tasks import send_notification

    setup(residents=2)
    tally, lock = collections.Counter(), threading.Lock()
    residents = [Resident(bench_server, n, payload(), tally, lock) for n in range(2)]
    assert all(resident.login(time.monotonic() + 20) for resident in residents)
    prefix = f"drill-{uuid.uuid4().hex[:8]}-"
    acknowledged = {}
    for i in range(6):
        key = f"{prefix}{uuid.uuid4().hex}"
        resident = residents[i % 2]
        acknowledged[key] = resident.submit(key, time.monotonic() + 20)
        assert resident.submit(key, time.monotonic() + 20) == acknowledged[key]  # a retry: same receipt
    assert tally == {"HTTP 201": 6, "HTTP 200": 6}, tally

    # A worker that died after the channel took the message, before "sent" was recorded: the task
    # runs again and sends again, under the same key, which the channel drops.
    crashed = Notification.objects.filter(template="applications/notifications/submitted").first()
    Notification.objects.filter(pk=crashed.pk).update(status=Notification.Status.PENDING)
    assert send_notification.apply(args=[crashed.pk]).get() == "sent"

    capsys.readouterr()
    snapshot(prefix)
    snap = json.loads(capsys.readouterr().out.splitlines()[-1])
    attempts = {key: int(n) for key, n in provider.hgetall(notifier.ATTEMPTS).items()}
    outcome = reconcile(acknowledged, snap, provider.hgetall(notifier.DELIVERED), attempts)
    print(
        f"acknowledged {outcome['acknowledged']}, found {outcome['found']}, duplicates {outcome['duplicates']}"
    )
    assert outcome["ok"], outcome
    assert outcome["acknowledged"] == outcome["found"] == outcome["notifications"] == 6
    assert outcome["delivered_once"] == 6 and outcome["repeated_sends"] == 1


def test_reconciliation_notices_what_went_wrong():
    from bench.drill import reconcile

    acknowledged = {"k1": "R7-000001", "k2": "R7-000002"}
    snap = {
        "applications": [
            ["k1", "R7-000001", "drill-0@example.jp"],
            ["k2", "R7-000002", "drill-0@example.jp"],
        ],
        "notifications": [
            {"key": "n1", "receipt": "R7-000001", "status": "sent"},
            {"key": "n2", "receipt": "R7-000002", "status": "sent"},
        ],
    }
    delivered = {"n1": "a", "n2": "a"}
    assert reconcile(acknowledged, snap, delivered, {"n1": 1, "n2": 2})["ok"]

    lost_receipt = reconcile({**acknowledged, "k3": "R7-000003"}, snap, delivered, {})
    assert not lost_receipt["ok"] and lost_receipt["found"] == 2 and lost_receipt["lost"] == 1
    twice = {**snap, "applications": [*snap["applications"], ["k2", "R7-000009", "drill-0@example.jp"]]}
    assert reconcile(acknowledged, twice, delivered, {})["duplicates"] == 1
    undelivered = reconcile(acknowledged, snap, {"n1": "a"}, {})
    assert not undelivered["ok"] and undelivered["lost"] == 1
    extra = reconcile(acknowledged, snap, {**delivered, "n2-retry": "a"}, {})
    assert not extra["ok"] and extra["extra"] == 1
