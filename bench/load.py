"""Load: locust headless against gunicorn on PostgreSQL, one phase per scenario, each compared
with a bare Django view doing one INSERT measured in the same run.

    python -m bench.load [--seconds 20] [--users 8] [--url URL]   (default: starts its own server)

Prints throughput and p50/p95/p99 per scenario and the ratio to the mean of the baseline phases
measured just before and just after it (the phases alternate: baseline, scenario, baseline…).
Scenarios whose app is not installed are skipped. The public pages are requested once before their
phase, so the phase measures the steady state (each page rendered once per data version, core/pagecache.py), not
the first render after the server started. Background tasks (the confirmation e-mail's delivery)
are queued to Redis as in production (a Celery worker's work, not the web request's) and the queue
is emptied afterwards; no worker runs during the phases.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

from .common import BENCH_REDIS, BIN, DEFAULT_DB, ROOT, Gunicorn, bench_env, prepare_database

# Locust's run-time clock starts before its users do; on a busy 2-core machine starting up takes
# seconds. Rates are computed over the time requests actually ran, so the slack only adds time.
STARTUP_SLACK = 8
# The phases' Celery broker: a Redis database of the load bench's own, emptied after the run.
BROKER = os.environ.get("BENCH_LOAD_BROKER_URL", "redis://127.0.0.1:6379/14")
# scenario → (app it needs, the locust row it is measured by). The catalog is its list and the
# procedures' guides (30/70, as visitors browse it): all the phase's requests ("Aggregated").
SCENARIOS = {
    "baseline": (None, "baseline INSERT"),
    "catalog": ("madoguchi.procedures", "Aggregated"),
    "opendata": ("madoguchi.opendata", "open data search"),
    "submit": ("madoguchi.applications", "submit application"),
}


def installed_apps(env) -> set[str]:
    out = subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.INSTALLED_APPS))",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def procedure_codes(env) -> str:
    out = subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            "import django; django.setup(); from madoguchi.procedures.models import Procedure; "
            "print(','.join(Procedure.objects.filter(is_published=True).values_list('code', flat=True)[:20]))",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1] if out.strip() else ""


OPENDATA_QUERIES = ["人口", "施設", "予算", "子育て", "AED"]  # the locustfile's


def warm(url: str, scenario: str, env: dict) -> None:
    """Each public page of the scenario once (a production site is warm)."""
    paths = []
    if scenario == "catalog":
        paths = ["/procedures/"] + [
            f"/procedures/{c}/" for c in env.get("BENCH_PROCEDURES", "").split(",") if c
        ]
    elif scenario == "opendata":
        paths = [f"/opendata/?q={quote(q)}" for q in OPENDATA_QUERIES]
    for path in paths:
        with urlopen(url + path, timeout=60) as response:  # noqa: S310 (loopback)
            response.read()


def run_phase(url: str, scenario: str, *, seconds: int, users: int, env: dict) -> dict:
    name = SCENARIOS[scenario][1]
    warm(url, scenario, env)
    with tempfile.TemporaryDirectory() as work:
        prefix = Path(work) / "stats"
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds + STARTUP_SLACK}s",
                "--host",
                url,
                "--csv",
                str(prefix),
                "--loglevel",
                "ERROR",
                "--stop-timeout",
                "5",
            ],
            env={**env, "BENCH_SCENARIO": scenario},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=seconds + STARTUP_SLACK + 120,
        )
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust failed ({scenario}):\n{locust.stderr[-3000:]}")
        with open(f"{prefix}_stats.csv") as stats, open(f"{prefix}_failures.csv") as failures:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
            errors = {row["Name"]: row["Error"] for row in csv.DictReader(failures)}
    row = rows.get(name)
    if row is None or not int(row["Request Count"]):
        return {
            "scenario": scenario,
            "requests": 0,
            "failures": 0,
            "rps": 0.0,
            "p50": 0,
            "p95": 0,
            "p99": 0,
            "errors": errors,
            "rows": sorted(rows),
        }
    return {
        "scenario": scenario,
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def phases(scenarios: tuple[str, ...], apps: set[str]) -> list[str]:
    """The phases in order: each scenario between two baseline phases. This machine's speed
    drifts by up to 2× within minutes: a scenario compared with a baseline measured three phases
    earlier measured the drift as much as the code, and even against the phase just before it a
    drift during its own phase counted. `ratios` compares it with the phases on both sides."""
    order = []
    for scenario, (app, _) in SCENARIOS.items():
        if scenario not in scenarios or scenario == "baseline":
            continue
        if app and app not in apps:
            print(f"{scenario:9s} skipped: {app} is not installed")
            continue
        order += ["baseline", scenario]
    if order:
        return [*order, "baseline"]
    return ["baseline"] if "baseline" in scenarios else []


def ratios(results: list[dict]) -> None:
    """Each scenario's throughput against the mean of the baseline phases on either side of it
    (a steady drift of the machine's speed cancels out); a baseline's own ratio is 1."""
    for at, result in enumerate(results):
        if result["scenario"] == "baseline":
            result["ratio"] = 1.0 if result["rps"] else 0.0
            continue
        around = [
            results[n]["rps"]
            for n in (at - 1, at + 1)
            if 0 <= n < len(results) and results[n]["scenario"] == "baseline"
        ]
        rps = sum(around) / len(around) if around else 0.0
        result["ratio"] = round(result["rps"] / rps, 3) if rps else 0.0


def empty(url: str) -> None:
    """A Redis database of the bench's own: the tasks the phases queued (nobody consumed them),
    or the sessions and page versions of an earlier run (another database's pages)."""
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as exc:
        print(f"warning: could not empty the load bench's Redis database {url}: {exc}")


def run(
    *,
    seconds: int = 20,
    users: int = 8,
    workers: int = 2,
    database_url: str | None = None,
    url: str | None = None,
    prepare: bool = True,
    scenarios: tuple[str, ...] = tuple(SCENARIOS),
    quiet: bool = False,
) -> list[dict]:
    database_url = database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    env = bench_env(database_url, BENCH_CELERY_EAGER="0", BENCH_BROKER_URL=BROKER)
    if url is None:
        empty(BENCH_REDIS)
    if prepare and url is None:
        prepare_database(database_url, env)
    apps = installed_apps(env)
    env["BENCH_PROCEDURES"] = procedure_codes(env) if "madoguchi.procedures" in apps else ""
    server = None if url else Gunicorn(env, workers=workers)
    url = url or server.url
    results = []
    try:
        for scenario in phases(scenarios, apps):
            results.append(run_phase(url, scenario, seconds=seconds, users=users, env=env))
        ratios(results)
    finally:
        if server:
            server.stop()
        empty(BROKER)
    if quiet:
        return results
    print(
        f"load: {users} users, {seconds} s per scenario, gunicorn -w {workers}, {database_url.split('@')[-1]}"
    )
    for r in results:
        ratio = r["ratio"]
        print(
            f"{r['scenario']:9s} {r['rps']:8.1f} req/s  p50 {r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms  "
            f"p99 {r['p99']:6.0f} ms  failures {r['failures']:4d}  ratio to one-INSERT view {ratio:5.2f}"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", help="an already running server (loopback)")
    parser.add_argument(
        "--no-prepare", action="store_true", help="the database is already migrated and loaded"
    )
    args = parser.parse_args()
    run(
        seconds=args.seconds,
        users=args.users,
        workers=args.workers,
        url=args.url,
        prepare=not args.no_prepare,
    )


if __name__ == "__main__":
    main()
