"""gunicorn settings for the container (docs/operations.md, "Production deployment").

Graceful shutdown: on SIGTERM gunicorn stops accepting, lets requests finish for
`graceful_timeout` seconds, then exits; give the container a longer stop period (compose:
stop_grace_period 30s, Kubernetes: terminationGracePeriodSeconds 30).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
worker_tmp_dir = "/tmp"  # noqa: S108 — the root file system is read-only; /tmp is a private tmpfs
accesslog = None  # the application writes one JSON access line per request (core.monitoring)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")  # nginx in front, on a private network


def child_exit(server, worker):
    """prometheus-client multiprocess mode: forget a dead worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
