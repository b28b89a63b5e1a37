"""Durability drill: under load, kill -9 a web worker, restart PostgreSQL, kill -9 a Celery worker
mid-task; then reconcile every receipt the clients were given against the database.

    python -m bench.drill [--seconds 20] [--no-pg-restart]

Runs against bench-only endpoints (bench/urls.py: POST /bench/receipt stores one row per
idempotency key and queues a Celery task whose effect is keyed), the same shape as the
applications API (Idempotency-Key → one application, on_commit → tasks). Clients retry a key
until they get a receipt, as a browser's resubmit or an API client's retry would.

PostgreSQL is restarted with `pg_ctlcluster --skip-systemctl-redirect <BENCH_PG_CLUSTER> restart`
(default "15 main": every connection to that cluster is cut, so run it on a quiet machine or point
BENCH_PG_CLUSTER / BENCH_DATABASE_URL at a cluster of its own).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import threading
import time
import uuid
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from .common import BIN, DEFAULT_DB, ROOT, Gunicorn, bench_env, manage, prepare_database


def submit(url: str, key: str, deadline: float) -> int | None:
    """POST until a receipt comes back (retrying through kills and restarts) or the deadline."""
    body = json.dumps({"key": key}).encode()
    while time.monotonic() < deadline:
        try:
            request = Request(f"{url}/bench/receipt", data=body, headers={"Content-Type": "application/json"})
            with urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
                return json.loads(response.read())["receipt"]
        except (HTTPError, URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.2)
    return None


def sql(env: dict, query: str) -> list:
    code = (
        "import json, django; django.setup(); from django.db import connection\n"
        f"c = connection.cursor(); c.execute({query!r}); print(json.dumps(c.fetchall(), default=str))"
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(
    *,
    seconds: int = 20,
    clients: int = 4,
    pg_restart: bool = True,
    database_url: str | None = None,
    prepare: bool = True,
    broker: str = "redis://127.0.0.1:6379/15",
) -> dict:
    database_url = database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    cluster = os.environ.get("BENCH_PG_CLUSTER", "15 main").split()
    env = bench_env(database_url, BENCH_CELERY_EAGER="0", BENCH_BROKER_URL=broker)
    if prepare:
        prepare_database(database_url, env, demo=False)
    manage(
        [
            "shell",
            "-c",
            "from django.db import connection; c = connection.cursor(); "
            "[c.execute(f'DELETE FROM {t}') for t in ('bench_receipt', 'bench_effect')]",
        ],
        env,
    )
    subprocess.run(
        [str(BIN / "celery"), "-A", "madoguchi.config", "purge", "-f"], env=env, cwd=ROOT, capture_output=True
    )
    celery = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "madoguchi.config",
            "worker",
            "-c",
            "2",
            "-l",
            "warning",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"drill-{uuid.uuid4().hex[:6]}@127.0.0.1",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Gunicorn(env, workers=2)
    acknowledged: dict[str, int] = {}
    lock, stop_at = threading.Lock(), time.monotonic() + seconds
    events: list[str] = []

    def client():
        while time.monotonic() < stop_at:
            key = uuid.uuid4().hex
            number = submit(server.url, key, stop_at + 30)
            if number is not None:
                with lock:
                    acknowledged[key] = number

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(seconds * 0.2)
        if pids := server.worker_pids():
            os.kill(pids[0], signal.SIGKILL)
            events.append(f"kill -9 gunicorn worker {pids[0]}")
        time.sleep(seconds * 0.2)
        if pg_restart:
            result = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],
                capture_output=True,
                text=True,
            )
            events.append(f"PostgreSQL {' '.join(cluster)} restarted (exit {result.returncode})")
        time.sleep(seconds * 0.2)
        children = subprocess.run(
            ["pgrep", "-P", str(celery.pid)], capture_output=True, text=True
        ).stdout.split()
        if children:
            os.kill(int(children[0]), signal.SIGKILL)
            events.append(f"kill -9 celery worker process {children[0]}")
        for thread in threads:
            thread.join()
        # Let the workers drain the queue (a task lost with its worker is redelivered).
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if sql(env, "SELECT count(*) FROM bench_effect")[0][0] >= len(acknowledged):
                break
            time.sleep(1)
    finally:
        server.stop()
        celery.send_signal(signal.SIGTERM)
        try:
            celery.wait(20)
        except subprocess.TimeoutExpired:
            celery.kill()

    rows = dict(sql(env, "SELECT key, id FROM bench_receipt"))
    found = sum(1 for key, number in acknowledged.items() if rows.get(key) == number)
    duplicates = sql(env, "SELECT count(*) - count(DISTINCT key) FROM bench_receipt")[0][0]
    effects = dict(sql(env, "SELECT key, attempts FROM bench_effect"))
    effects_done = sum(1 for key in acknowledged if key in effects)
    redelivered = sum(1 for attempts in effects.values() if attempts > 1)
    for event in events:
        print(f"drill: {event}")
    print(f"acknowledged {len(acknowledged)}, found {found}, duplicates {duplicates}")
    print(
        f"tasks: {effects_done} of {len(acknowledged)} effects applied once ({redelivered} redelivered and not re-applied)"
    )
    return {
        "acknowledged": len(acknowledged),
        "found": found,
        "duplicates": duplicates,
        "effects": effects_done,
        "redelivered": redelivered,
        "events": events,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--no-pg-restart", action="store_true")
    args = parser.parse_args()
    result = run(seconds=args.seconds, clients=args.clients, pg_restart=not args.no_pg_restart)
    ok = (
        result["found"] == result["acknowledged"]
        and result["duplicates"] == 0
        and result["effects"] == result["acknowledged"]
    )
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
