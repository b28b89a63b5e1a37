"""Celery: the web request's id travels with each task it queues (a message header), every task's
log lines carry it, and task outcomes are counted for /metrics.

A worker exposes its own /metrics when `MADOGUCHI_WORKER_METRICS_PORT` is set (prefork pools also
need `PROMETHEUS_MULTIPROC_DIR`, so the pool processes' counts add up); in the demo tasks run
eagerly in the web process and are counted there.
"""

from __future__ import annotations

import logging
import os
import time

from celery.signals import (
    before_task_publish,
    task_failure,
    task_postrun,
    task_prerun,
    task_retry,
    worker_process_shutdown,
    worker_ready,
)

from ..jsonlog import mask, request_id_var, task_var
from . import TASKS

logger = logging.getLogger("madoguchi.tasks")

HEADER = "madoguchi_request_id"
_running: dict[str, tuple] = {}


@before_task_publish.connect(weak=False, dispatch_uid="madoguchi.monitoring.publish")
def add_request_id(sender=None, headers=None, **kwargs):
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)


def _request_id_of(task) -> str:
    request = getattr(task, "request", None)
    from_header = getattr(request, HEADER, None) or (getattr(request, "headers", None) or {}).get(HEADER)
    return str(from_header or request_id_var.get() or "")


@task_prerun.connect(weak=False, dispatch_uid="madoguchi.monitoring.prerun")
def enter_task(sender=None, task_id=None, task=None, **kwargs):
    tokens = (request_id_var.set(_request_id_of(task)), task_var.set((task.name, task_id or "")))
    _running[task_id] = (tokens, time.perf_counter())


@task_postrun.connect(weak=False, dispatch_uid="madoguchi.monitoring.postrun")
def leave_task(sender=None, task_id=None, task=None, state=None, **kwargs):
    tokens, start = _running.pop(task_id, (None, None))
    if state == "SUCCESS":
        TASKS.labels(task.name, "succeeded").inc()
    logger.info(
        "task %s %s",
        task.name,
        state,
        extra={
            "event": "task.finished",
            "outcome": str(state or "").lower(),
            "duration_ms": round((time.perf_counter() - start) * 1000, 1) if start else None,
        },
    )
    if tokens:
        request_id_token, task_token = tokens
        task_var.reset(task_token)
        request_id_var.reset(request_id_token)


@task_failure.connect(weak=False, dispatch_uid="madoguchi.monitoring.failure")
def task_failed(sender=None, task_id=None, exception=None, **kwargs):
    TASKS.labels(sender.name, "failed").inc()
    logger.error(
        "task %s failed: %s",
        sender.name,
        type(exception).__name__,
        extra={"event": "task.failed", "exception": mask(str(exception))[:500]},
    )


@task_retry.connect(weak=False, dispatch_uid="madoguchi.monitoring.retry")
def task_retried(sender=None, request=None, reason=None, **kwargs):
    TASKS.labels(sender.name, "retried").inc()
    logger.warning(
        "task %s retried",
        sender.name,
        extra={
            "event": "task.retried",
            "reason": mask(str(reason))[:500],
            "retries": getattr(request, "retries", None),
        },
    )


@worker_ready.connect(weak=False, dispatch_uid="madoguchi.monitoring.worker_metrics")
def serve_worker_metrics(sender=None, **kwargs):
    port = os.environ.get("MADOGUCHI_WORKER_METRICS_PORT")
    if not port:
        return
    from prometheus_client import REGISTRY, CollectorRegistry, start_http_server

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(int(port), registry=registry)
    logger.info("worker metrics on port %s", port, extra={"event": "worker.metrics_started"})


@worker_process_shutdown.connect(weak=False, dispatch_uid="madoguchi.monitoring.worker_exit")
def forget_process(sender=None, pid=None, **kwargs):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())
