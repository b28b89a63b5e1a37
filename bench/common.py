"""Shared pieces of the bench: servers on loopback, PostgreSQL setup, machine description."""

from __future__ import annotations

import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/madoguchi_bench"
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": f"{ROOT}:{os.environ.get('PYTHONPATH', '')}",
        "MADOGUCHI_VAR_DIR": str(ROOT / "var" / "bench"),
        # production-shaped: sessions and the page cache in Redis (a database of the bench's own)
        "REDIS_URL": BENCH_REDIS,
        **extra,
    }
    return env


def manage(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(BIN / "madoguchi"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"madoguchi {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_database(database_url: str, env: dict[str, str], *, demo: bool = True) -> None:
    """Create (if needed), migrate, load the demo city and the bench tables."""
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], capture_output=True)
    manage(["migrate", "--noinput", "-v", "0"], env)
    if demo:
        try:
            manage(["demo"], env)
        except RuntimeError as exc:  # a feature app's loader failing must not stop the bench
            print("warning: `madoguchi demo` failed; benchmarking what loaded:", str(exc).splitlines()[-1])
    manage(["shell", "-c", "from bench.urls import create_tables; create_tables()"], env)


class Gunicorn:
    def __init__(
        self, env: dict[str, str], workers: int = 2, port: int | None = None, log: Path | None = None
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Workers log errors (e.g. while PostgreSQL restarts): to a file, or a pipe nobody reads
        # fills up and blocks them.
        self.log = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "madoguchi.config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        try:
            wait_for(f"{self.url}/healthz", 240)  # a busy 2-core machine starts Django slowly
        except RuntimeError:
            self.stop()
            raise

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.log is not subprocess.DEVNULL:
            self.log.close()


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(
        next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    )
    pg = (
        subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
        if shutil.which("psql")
        else ""
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "load_average": os.getloadavg(),
    }
