"""Growth: does the site slow down as applications pile up? Submit throughput and the catalog and
open data search latency with N applications stored, for each N, printed side by side.

    python -m bench.growth [--sizes 10000,1000000] [--seconds 20] [--users 8]

Not part of `make bench` or CI: filling 1M applications (and their "submitted" Events) takes a
few minutes of bulk SQL on PostgreSQL. The rows are copies of the demo city's applications
(its procedures, versions, departments and residents, spread over the last 400 days), with
receipt numbers of their own (`G000000001`…) so they never meet the city's `R8-…` register.
Sizes are filled in ascending order in one database (madoguchi_bench_growth), each on top of the
last; every size is measured on the same gunicorn, with the same load phases as bench/load.py
and the one-INSERT baseline in each round. Results go to bench/results/<stamp>-growth.txt/.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time

from . import load
from .common import DEFAULT_DB, RESULTS, Gunicorn, bench_env, machine, prepare_database

DATABASE = DEFAULT_DB.rsplit("/", 1)[0] + "/madoguchi_bench_growth"
SCENARIOS = ("baseline", "catalog", "opendata", "submit")

FILL = """
WITH template AS (
    SELECT *, (row_number() OVER (ORDER BY id)) - 1 AS rn
    FROM applications_application WHERE receipt_number NOT LIKE 'G%%'
), k AS (SELECT count(*) AS n FROM template)
INSERT INTO applications_application (
    public_id, receipt_number, channel, state, data, secret_data, current_step, idempotency_key,
    submitted_at, due_date, correction_reason, decision_reason, signature_status, signature_detail,
    created_at, updated_at, applicant_id, department_id, procedure_id, procedure_version_id,
    submitted_by_id, correction_snapshot, correction_step
)
SELECT gen_random_uuid(), 'G' || lpad((%(start)s + g)::text, 9, '0'), t.channel, t.state, t.data,
    t.secret_data, t.current_step, NULL, now() - (g %% 400) * interval '1 day', t.due_date,
    t.correction_reason, t.decision_reason, t.signature_status, t.signature_detail,
    now() - (g %% 400) * interval '1 day', now() - (g %% 400) * interval '1 day', t.applicant_id,
    t.department_id, t.procedure_id, t.procedure_version_id, t.submitted_by_id,
    t.correction_snapshot, t.correction_step
FROM generate_series(1, %(count)s) AS g, k, template AS t
WHERE t.rn = g %% k.n;
INSERT INTO core_event (time, actor_id, subject_type, subject_id, verb, channel, data)
SELECT submitted_at, submitted_by_id, 'applications.application', id::text, 'submitted', channel,
    '{}'::jsonb
FROM applications_application WHERE id > %(last_id)s AND receipt_number LIKE 'G%%';
ANALYZE applications_application;
ANALYZE core_event;
"""


def psql(database_url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", database_url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def stored(database_url: str) -> tuple[int, int]:
    count, last = psql(
        database_url, "SELECT count(*), coalesce(max(id), 0) FROM applications_application"
    ).split("|")
    return int(count), int(last)


def fill(database_url: str, size: int) -> float:
    """Top the applications up to `size`; returns the seconds it took."""
    count, last_id = stored(database_url)
    if count >= size:
        return 0.0
    generated = int(
        psql(database_url, "SELECT count(*) FROM applications_application WHERE receipt_number LIKE 'G%'")
    )
    started = time.monotonic()
    psql(database_url, FILL % {"start": generated, "count": size - count, "last_id": last_id})
    return time.monotonic() - started


def measure(env: dict, database_url: str, *, seconds: int, users: int, workers: int) -> dict[str, dict]:
    server = Gunicorn(env, workers=workers)
    try:
        results = load.run(
            database_url=database_url,
            seconds=seconds,
            users=users,
            workers=workers,
            url=server.url,
            prepare=False,
            scenarios=SCENARIOS,
            quiet=True,
        )
    finally:
        server.stop()
    return {r["scenario"]: r for r in results}


def table(sizes: list[int], runs: dict[int, dict[str, dict]]) -> list[str]:
    head = f"{'applications stored':32s}" + "".join(f"{size:>14,d}" for size in sizes)
    lines = [head]

    def row(label: str, value) -> None:
        lines.append(f"{label:32s}" + "".join(f"{value(runs[size]):>14s}" for size in sizes))

    row("baseline INSERT req/s", lambda r: f"{r['baseline']['rps']:.1f}")
    row("submit req/s", lambda r: f"{r['submit']['rps']:.1f}")
    row("submit / baseline", lambda r: f"{r['submit']['ratio']:.2f}")
    row("submit p50 / p99 ms", lambda r: f"{r['submit']['p50']:.0f} / {r['submit']['p99']:.0f}")
    row("catalog p50 / p99 ms", lambda r: f"{r['catalog']['p50']:.0f} / {r['catalog']['p99']:.0f}")
    row("open data search p50 / p99 ms", lambda r: f"{r['opendata']['p50']:.0f} / {r['opendata']['p99']:.0f}")
    first, last = sizes[0], sizes[-1]
    if first != last:
        a, b = runs[first]["submit"], runs[last]["submit"]
        lines.append(
            f"submit at {last:,d} / at {first:,d}: throughput {b['rps'] / a['rps']:.2f}, "
            f"ratio to the baseline {b['ratio'] / a['ratio']:.2f} (goal: within 20 %)"
            if a["rps"] and a["ratio"]
            else "submit: no requests measured"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000", help="applications stored, comma-separated")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_GROWTH_DATABASE_URL", DATABASE))
    args = parser.parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    env = bench_env(args.database_url, BENCH_CELERY_EAGER="0", BENCH_BROKER_URL=load.BROKER)
    prepare_database(args.database_url, env)
    env["BENCH_PROCEDURES"] = load.procedure_codes(env)
    runs, filled = {}, {}
    for size in sizes:
        filled[size] = round(fill(args.database_url, size), 1)
        count, _ = stored(args.database_url)
        print(f"growth: {count:,d} applications stored (filled in {filled[size]} s); measuring", flush=True)
        runs[size] = measure(
            env, args.database_url, seconds=args.seconds, users=args.users, workers=args.workers
        )
    lines = [
        f"growth: {args.users} users, {args.seconds} s per scenario, gunicorn -w {args.workers}, "
        f"{args.database_url.split('@')[-1]}",
        *table(sizes, runs),
    ]
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    description = machine()
    (RESULTS / f"{stamp}-growth.txt").write_text(
        "machine: " + json.dumps(description, ensure_ascii=False) + "\n" + "\n".join(lines) + "\n"
    )
    (RESULTS / f"{stamp}-growth.json").write_text(
        json.dumps(
            {"machine": description, "sizes": sizes, "fill_seconds": filled, "runs": runs},
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"results: bench/results/{stamp}-growth.txt, .json")


if __name__ == "__main__":
    main()
