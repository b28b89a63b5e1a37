"""Durability drill: residents submit real applications while the drill kills -9 a web worker,
restarts PostgreSQL and kills -9 Celery mid-task; then it reconciles what the clients were told
against the database and the notification channel.

    python -m bench.drill [--seconds 30] [--clients 4] [--no-pg-restart] [--broker URL]

What runs, all on loopback:

- PostgreSQL: a cluster of the drill's own (default "15 drill" on port 5434, created with
  `pg_createcluster` when missing; BENCH_PG_CLUSTER / BENCH_PG_PORT to change) and a fresh
  database `madoguchi_drill` in it, because the drill restarts that cluster. It never restarts
  the cluster called "main".
- gunicorn -w 2 serving the real site (bench/server_settings.py); a Celery worker (prefork, 2
  processes) on Redis (or `--broker amqp://…`) with the production task settings (acks late,
  re-queue on a lost worker); only Redis's visibility timeout is shortened to 20 s.
- Clients: each logs in as one of the drill's residents (bench-only `/bench/drill/login/<n>`, a
  session at card level) and submits 児童手当の現況届 through the production path,
  `POST /api/v1/applications/` with an `Idempotency-Key` (→ `submit_application`), retrying the
  same key through errors, timeouts and unexpected answers until a receipt number comes back
  (the key makes every retry safe): that receipt is "acknowledged". Unexpected 4xx answers are
  listed in the report.
- A submit stores one Notification ("submitted"); after commit the web process queues it, with
  the others of the moment, in one `core.tasks.send_notifications` (a `send_notification` each). The channel is the bench notifier (bench/notifier.py, MADOGUCHI_NOTIFIERS=drill):
  a provider in Redis that delivers each delivery key once and counts the attempts.

Faults, under load: kill -9 one gunicorn worker; restart the PostgreSQL cluster; arm the
notifier so one send stalls *before* delivering and kill -9 the pool process running it (the
worker re-queues it: reject_on_worker_lost); arm it to stall *after* delivering and kill -9 the
whole worker — main process and pool — then start a new one (Redis gives the unacknowledged
message back after the visibility timeout, and the repeated send carries the same key). After
the load, the queue drains; notifications then still pending with no task — a web worker killed
between commit and queueing (its batch), or a message Redis lost with the killed worker (taken off the queue,
not yet recorded as unacknowledged: celery/celery#7950) — are queued again by
`requeue_pending_notifications`, the beat sweep, run once as beat would.

Reconciliation: every acknowledged receipt is an application with that key and number, no key
has two applications, every acknowledged application has one "submitted" notification, sent,
and every notification was delivered exactly once. Prints the faults, then

    acknowledged N, found N, duplicates 0
    tasks: N notifications for N applications; N delivered once, 0 lost, 0 extra; …

and exits non-zero when any of that fails.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import redis
import requests

from . import notifier
from .common import BIN, ROOT, Gunicorn, bench_env, manage

PROCEDURE = "jidou-teate-genkyo"
SUBMITTED = "applications/notifications/submitted"
DATABASE = "madoguchi_drill"
DEFAULT_BROKER = "redis://127.0.0.1:6379/13"
LOGS = ROOT / "var" / "bench" / "drill"


# --- inside Django (run through `madoguchi shell -c`) ---------------------------------------------


def setup(residents: int) -> None:
    """The city, the departments, the procedure and the drill's residents (idempotent)."""
    import datetime

    from madoguchi.core.models import Person

    from .submit_ratio import bench_city

    bench_city(PROCEDURE)
    for n in range(residents):
        Person.objects.get_or_create(
            email=f"drill-{n}@example.jp",
            defaults={
                "family_name": "訓練",
                "given_name": f"住民{n}",
                "family_name_kana": "クンレン",
                "given_name_kana": "ジュウミン",
                "birth_date": datetime.date(1985, 1, 1) + datetime.timedelta(days=n),
            },
        )


def snapshot(prefix: str) -> None:
    """Prints (JSON) this run's applications and their "submitted" notifications."""
    from madoguchi.applications.models import Application
    from madoguchi.core.models import Notification
    from madoguchi.core.notifications import delivery_key

    applications = list(
        Application.objects.filter(idempotency_key__startswith=prefix).values_list(
            "idempotency_key", "receipt_number", "applicant__email"
        )
    )
    receipts = {receipt for _, receipt, _ in applications}
    notifications = []
    for notification in Notification.objects.filter(
        template=SUBMITTED, recipient__email__startswith="drill-"
    ):
        match = re.search(r"受付番号: (\S+)", notification.body)
        if match and match.group(1) in receipts:
            notifications.append(
                {"key": delivery_key(notification), "receipt": match.group(1), "status": notification.status}
            )
    print(json.dumps({"applications": applications, "notifications": notifications}, ensure_ascii=False))


# --- the drill's own PostgreSQL cluster ------------------------------------------------------------


def ensure_cluster(cluster: list[str], port: int) -> int:
    """Creates and starts the drill's cluster when needed; returns its port."""
    if cluster[1] == "main":
        raise SystemExit('the drill restarts its PostgreSQL cluster: give it one of its own, not "main"')
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout
    row = next((line.split() for line in listing.splitlines() if line.split()[:2] == cluster), None)
    if row is None:
        subprocess.run(
            [
                "pg_createcluster",
                *cluster,
                "-p",
                str(port),
                "--start",
                "--",
                "--auth-host=trust",
                "--auth-local=trust",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return port
    if row[3] != "online":
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "start"], check=True)
    return int(row[2])


def fresh_database(database_url: str, env: dict, residents: int) -> None:
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    for statement in (f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"'):
        subprocess.run(["psql", admin, "-qXc", statement], capture_output=True, text=True, check=True)
    manage(["migrate", "--noinput", "-v", "0"], env)
    manage(["shell", "-c", f"from bench.drill import setup; setup({residents})"], env)


def psql(database_url: str, query: str) -> str:
    return subprocess.run(
        ["psql", database_url, "-tAXc", query], capture_output=True, text=True, check=True
    ).stdout.strip()


# --- Celery workers ---------------------------------------------------------------------------------


class Worker:
    """One `celery worker` (prefork, 2 pool processes) in a process group of its own."""

    def __init__(self, env: dict, name: str):
        self.name = f"{name}@127.0.0.1"
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log = open(LOGS / f"{name}.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "madoguchi.config",
                "worker",
                "-P",
                "prefork",
                "-c",
                "2",
                "-l",
                "warning",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                self.name,
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def pool(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def kill(self) -> None:
        os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait(10)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)  # orphaned pool processes, if any
        self.log.close()


def stall_and_kill(provider: redis.Redis, worker: Worker, mode: str, *, whole: bool) -> dict:
    """Arms the notifier, waits until a send has provably started in `worker`, kills -9."""
    provider.delete(notifier.STARTED)
    provider.set(notifier.HOLD, mode)
    deadline, item = time.monotonic() + 60, None
    while item is None and time.monotonic() < deadline:
        item = provider.blpop([notifier.STARTED], timeout=1)  # short: the client has a socket timeout
    if item is None:
        provider.delete(notifier.HOLD)
        return {
            "landed": False,
            "text": f"no notification task started within 60 s (stall {mode}); nothing killed",
        }
    started = json.loads(item[1])
    pool = worker.pool()
    if started["pid"] not in pool:
        return {
            "landed": False,
            "text": f"the stalled send ran in pid {started['pid']}, not in {worker.name}",
        }
    if whole:
        worker.kill()
        what = f"celery worker {worker.name} (main {worker.pid}, pool {', '.join(map(str, pool))})"
    else:
        os.kill(started["pid"], signal.SIGKILL)
        what = f"celery pool process {started['pid']} of {worker.name}"
    return {
        "landed": _dies(started["pid"]),
        "key": started["key"],
        "mode": mode,
        "text": f"kill -9 {what} while it ran send_notification for {started['key']} (stalled {mode} delivery)",
    }


def _dies(pid: int, seconds: float = 10) -> bool:
    """True once `pid` is gone or a zombie (SIGKILL is delivered asynchronously)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
        except (OSError, IndexError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def reset_broker(broker: str, env: dict) -> None:
    subprocess.run(
        [str(BIN / "celery"), "-A", "madoguchi.config", "purge", "-f"], env=env, cwd=ROOT, capture_output=True
    )
    if broker.startswith("redis"):
        redis.Redis.from_url(broker).delete("unacked", "unacked_index", "unacked_mutex")


# --- clients ----------------------------------------------------------------------------------------


class Resident:
    """One resident's browser-less client: a session cookie and CSRF token, retries by key."""

    def __init__(
        self,
        url: str,
        n: int,
        payload: dict,
        tally: collections.Counter,
        lock: threading.Lock,
        refusals: list[str] | None = None,
    ):
        self.url, self.n, self.payload, self.tally, self.lock = url, n, payload, tally, lock
        self.refusals = refusals if refusals is not None else []
        self.session = requests.Session()
        self.csrftoken = ""

    def _count(self, what: str) -> None:
        with self.lock:
            self.tally[what] += 1

    def login(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            try:
                response = self.session.get(f"{self.url}/bench/drill/login/{self.n}", timeout=15)
                if response.status_code == 200:
                    self.csrftoken = response.json()["csrftoken"]
                    return True
                self._count(f"login HTTP {response.status_code}")
            except requests.RequestException:
                self._count("login connection error")
            time.sleep(0.2)
        return False

    def submit(self, key: str, deadline: float) -> str | None:
        """POSTs until a receipt number comes back (the same key each time) or the deadline.
        Any answer but 200/201 is retried: the key makes a retry safe."""
        refused = 0
        while time.monotonic() < deadline:
            try:
                response = self.session.post(
                    f"{self.url}/api/v1/applications/",
                    json=self.payload,
                    headers={
                        "X-CSRFToken": self.csrftoken,
                        "Idempotency-Key": key,
                        "Referer": f"{self.url}/",
                    },
                    timeout=15,
                )
            except requests.RequestException as error:
                self._count("connection error" if isinstance(error, requests.ConnectionError) else "timeout")
                time.sleep(0.2)
                continue
            self._count(f"HTTP {response.status_code}")
            if response.status_code in (200, 201):
                return response.json()["receipt_number"]
            if response.status_code < 500:  # not expected: kept, with the answer, for the report
                with self.lock:
                    self.refusals.append(f"HTTP {response.status_code} {_gist(response)}")
                refused += 1
                if refused == 5:
                    return None  # refused for good: no receipt
                if response.status_code in (401, 403):
                    self.login(deadline)
            time.sleep(0.2)
        return None


def _gist(response: requests.Response) -> str:
    title = re.search(r"<title>(.*?)</title>", response.text, re.S)
    return " ".join((title.group(1) if title else response.text[:200]).split())


# --- the drill --------------------------------------------------------------------------------------


def run(
    *,
    seconds: int = 30,
    clients: int = 4,
    pg_restart: bool = True,
    broker: str | None = None,
    drain_timeout: int = 240,
    visibility_timeout: int = 20,
    prepare: bool = True,
) -> dict:
    from .submit_ratio import payload

    cluster = os.environ.get("BENCH_PG_CLUSTER", "15 drill").split()
    port = ensure_cluster(cluster, int(os.environ.get("BENCH_PG_PORT", "5434")))
    database_url = f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"
    broker = broker or os.environ.get("BENCH_BROKER_URL", DEFAULT_BROKER)
    env = bench_env(
        database_url,
        BENCH_CELERY_EAGER="0",
        BENCH_BROKER_URL=broker,
        BENCH_PROVIDER_URL=notifier.PROVIDER_URL,
        BENCH_VISIBILITY_TIMEOUT=str(visibility_timeout),
        MADOGUCHI_NOTIFIERS="drill",
    )
    if prepare:
        fresh_database(database_url, env, clients)
    provider = redis.Redis.from_url(notifier.PROVIDER_URL, decode_responses=True)
    notifier.reset()
    reset_broker(broker, env)
    prefix = f"drill-{uuid.uuid4().hex[:8]}-"
    workers = [Worker(env, f"drill-{prefix[6:14]}-1")]
    LOGS.mkdir(parents=True, exist_ok=True)
    server = Gunicorn(env, workers=2, log=LOGS / "gunicorn.log")
    acknowledged: dict[str, str] = {}
    tally: collections.Counter = collections.Counter()
    lock, stop_at = threading.Lock(), time.monotonic() + seconds
    events: list[str] = []
    kills: list[dict] = []
    refusals: list[str] = []
    body = payload()

    def client(n: int) -> None:
        resident = Resident(server.url, n, body, tally, lock, refusals)
        if not resident.login(stop_at):
            return
        while time.monotonic() < stop_at:
            key = f"{prefix}{uuid.uuid4().hex}"
            number = resident.submit(key, stop_at + 60)
            with lock:
                if number is not None:
                    acknowledged[key] = number
                else:
                    tally["gave up"] += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    started_at = time.monotonic()
    for thread in threads:
        thread.start()

    def at(fraction: float) -> None:
        time.sleep(max(0.0, started_at + seconds * fraction - time.monotonic()))

    swept, web_killed = 0, False
    try:
        at(0.15)
        if pids := server.worker_pids():
            os.kill(pids[0], signal.SIGKILL)
            web_killed = True
            events.append(f"kill -9 gunicorn worker {pids[0]} (of {len(pids)}) under load")
        at(0.35)
        if pg_restart:
            t0 = time.monotonic()
            result = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],
                capture_output=True,
                text=True,
            )
            events.append(
                f"PostgreSQL {' '.join(cluster)} restarted in {time.monotonic() - t0:.1f} s (exit {result.returncode})"
            )
            if result.returncode:
                kills.append({"landed": False, "text": f"pg_ctlcluster failed: {result.stderr.strip()}"})
        at(0.55)
        kills.append(stall_and_kill(provider, workers[0], "before", whole=False))
        events.append(kills[-1]["text"])
        at(0.75)
        kills.append(stall_and_kill(provider, workers[0], "after", whole=True))
        workers.append(Worker(env, f"drill-{prefix[6:14]}-2"))
        events.append(kills[-1]["text"] + f"; started {workers[-1].name}")
        for thread in threads:
            thread.join()
        swept = drain(database_url, env, drain_timeout, visibility_timeout)
    finally:
        server.stop()
        for worker in workers:
            worker.stop()

    outcome = reconcile(
        acknowledged,
        json.loads(
            manage(
                ["shell", "-c", f"from bench.drill import snapshot; snapshot({prefix!r})"], env
            ).splitlines()[-1]
        ),
        provider.hgetall(notifier.DELIVERED),
        {key: int(n) for key, n in provider.hgetall(notifier.ATTEMPTS).items()},
    )
    for kill in kills:
        if "key" in kill:
            attempts = outcome["attempts_by_key"].get(kill["key"], 0)
            delivered = kill["key"] in outcome["delivered_keys"]
            events.append(
                f"  {kill['key']}: {'delivered once' if delivered else 'NOT delivered'}, "
                f"{_n(attempts, 'send')} reached the channel"
            )
    answers = ", ".join(f"{n} {what}" for what, n in sorted(tally.items()))
    events.append(f"client answers: {answers}")
    for refusal in collections.Counter(refusals).most_common(5):
        events.append(f"  unexpected answer, retried: {refusal[0]} (×{refusal[1]})")
    if swept:
        events.append(
            f"{_n(swept, 'notification')} still pending with no task once the queue had drained "
            "(its message died with a killed process): queued again by requeue_pending_notifications, "
            "the beat sweep"
        )
    if outcome["stored_unacknowledged"]:
        events.append(
            f"{_n(outcome['stored_unacknowledged'], 'application')} stored whose receipt no client got"
        )
    for event in events:
        print(f"drill: {event}")
    print(
        f"acknowledged {outcome['acknowledged']}, found {outcome['found']}, duplicates {outcome['duplicates']}"
    )
    print(
        f"tasks: {outcome['notifications']} notifications for {outcome['acknowledged']} applications; "
        f"{outcome['delivered_once']} delivered once, {outcome['lost']} lost, {outcome['extra']} extra "
        f"({_n(outcome['repeated_sends'], 'repeated send')} after kills, dropped by the delivery key)"
    )
    refused = tally["gave up"]
    ok = outcome["ok"] and web_killed and all(kill["landed"] for kill in kills) and refused == 0
    if not ok:
        reasons = [kill["text"] for kill in kills if not kill["landed"]]
        reasons += [] if web_killed else ["no gunicorn worker was killed"]
        reasons += [f"{_n(refused, 'submit')} without a receipt (refused or out of time)"] if refused else []
        reasons += [] if outcome["ok"] else ["the reconciliation does not balance"]
        print(f"drill: FAILED: {'; '.join(reasons)}")
    return {
        **{k: v for k, v in outcome.items() if k not in ("attempts_by_key", "delivered_keys")},
        "events": events,
        "client_answers": dict(tally),
        "swept": swept,
        "ok": ok,
    }


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def drain(database_url: str, env: dict, timeout: int, visibility_timeout: int) -> int:
    """Waits until every drill notification is sent; a stall with some still pending (no task
    left for them) is what the beat sweep is for: run it once. Returns how many it requeued."""
    query = f"SELECT count(*) FROM core_notification WHERE template = '{SUBMITTED}' AND status <> 'sent'"
    deadline = time.monotonic() + timeout
    last, changed, swept = None, time.monotonic(), 0
    while time.monotonic() < deadline:
        try:
            pending = int(psql(database_url, query))
        except subprocess.CalledProcessError:
            pending = -1
        if pending == 0:
            break
        if pending != last:
            last, changed = pending, time.monotonic()
        elif time.monotonic() - changed > visibility_timeout + 15 and not swept:
            out = manage(
                [
                    "shell",
                    "-c",
                    "from madoguchi.core.tasks import requeue_pending_notifications as sweep; print(sweep(0))",
                ],
                env,
            )
            swept = int(out.strip().splitlines()[-1]) or -1
            changed = time.monotonic()
        time.sleep(1)
    return max(swept, 0)


def reconcile(acknowledged: dict[str, str], snap: dict, delivered: dict, attempts: dict[str, int]) -> dict:
    """Compares what clients were told with the database and the channel (pure; tested directly)."""
    by_key = collections.defaultdict(list)
    for key, receipt, _email in snap["applications"]:
        by_key[key].append(receipt)
    found = sum(1 for key, receipt in acknowledged.items() if receipt in by_key.get(key, []))
    receipts = [receipt for _, receipt, _ in snap["applications"]]
    duplicates = sum(len(v) - 1 for v in by_key.values()) + len(receipts) - len(set(receipts))
    acknowledged_receipts = set(acknowledged.values())
    per_receipt = collections.Counter(n["receipt"] for n in snap["notifications"])
    notes = [n for n in snap["notifications"] if n["receipt"] in acknowledged_receipts]
    keys = {n["key"] for n in snap["notifications"]}
    delivered_once = sum(1 for n in notes if n["key"] in delivered and n["status"] == "sent")
    lost = sum(1 for receipt in acknowledged_receipts if per_receipt[receipt] == 0) + sum(
        1 for n in notes if n["key"] not in delivered
    )
    extra = sum(1 for key in delivered if key not in keys) + sum(
        count - 1 for receipt, count in per_receipt.items() if count > 1
    )
    repeated = sum(count - 1 for key, count in attempts.items() if key in keys and count > 1)
    ok = (
        len(acknowledged) > 0
        and found == len(acknowledged)
        and duplicates == 0
        and len(notes) == len(acknowledged)
        and delivered_once == len(acknowledged)
        and lost == 0
        and extra == 0
    )
    return {
        "acknowledged": len(acknowledged),
        "found": found,
        "duplicates": duplicates,
        "stored_unacknowledged": len(by_key) - found,
        "notifications": len(notes),
        "delivered_once": delivered_once,
        "lost": lost,
        "extra": extra,
        "repeated_sends": repeated,
        "attempts_by_key": attempts,
        "delivered_keys": set(delivered),
        "ok": ok,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--no-pg-restart", action="store_true")
    parser.add_argument("--broker", help=f"Celery broker (default {DEFAULT_BROKER}; amqp://… works too)")
    args = parser.parse_args()
    result = run(
        seconds=args.seconds, clients=args.clients, pg_restart=not args.no_pg_restart, broker=args.broker
    )
    raise SystemExit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
