"""Monitoring: the metrics at `/metrics` (Prometheus text format), readiness, structured events.

Two kinds of metric (docs/operations.md, "Monitoring"):

- **process metrics**, counted where things happen — requests by view, their latency and
  status, database query time, Celery task outcomes, certificate signing failures. They are
  prometheus-client objects defined here (or in an app's `monitoring.py`). With several gunicorn
  workers set `PROMETHEUS_MULTIPROC_DIR` (an empty directory per host, wiped at start) so a scrape
  sums all workers.
- **business metrics**, read from the database at scrape time by collectors that each app
  registers in its own `monitoring.py` with `@collector("name")` — applications received by
  channel, cases past their due date by department, the notification outbox, counter queues,
  payments awaiting the provider, the audit chain. They carry codes and counts, never a person.

```python
# counter/monitoring.py
from madoguchi.core.monitoring import GaugeMetricFamily, collector

@collector("counter")
def queues():
    waiting = GaugeMetricFamily("madoguchi_counter_waiting_tickets", "…", labels=["category"])
    …
    yield waiting
```
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator

from prometheus_client import Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from ..registry import Registry

__all__ = [
    "CounterMetricFamily",
    "GaugeMetricFamily",
    "collector",
    "collectors",
    "business_metrics",
    "HTTP_REQUESTS",
    "HTTP_LATENCY",
    "DB_QUERY_SECONDS",
    "TASKS",
    "count_failure",
    "FAILURES",
]

logger = logging.getLogger("madoguchi.monitoring")

CollectorFn = Callable[[], Iterable[Metric]]


class _Collector:
    def __init__(self, code: str, fn: CollectorFn):
        self.code, self.fn = code, fn


collectors: Registry[_Collector] = Registry("metrics collector")


def collector(code: str) -> Callable[[CollectorFn], CollectorFn]:
    """Register a scrape-time collector of business metrics under `code` (one per app)."""

    def register(fn: CollectorFn) -> CollectorFn:
        collectors.register(_Collector(code, fn))
        return fn

    return register


_discovered = False


def _discover() -> None:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        from . import business  # noqa: F401  (core's own: outbox, audit chain, disk)

        autodiscover_modules("monitoring")
        _discovered = True


def business_metrics() -> Iterator[Metric]:
    """Every registered collector's metrics; a collector that fails is reported, not fatal."""
    _discover()
    up = GaugeMetricFamily(
        "madoguchi_metrics_collector_up",
        "1 when the collector answered at the last scrape",
        labels=["collector"],
    )
    seconds = GaugeMetricFamily(
        "madoguchi_metrics_collector_duration_seconds", "Time the collector took", labels=["collector"]
    )
    for item in sorted(collectors, key=lambda c: c.code):
        start = time.perf_counter()
        try:
            metrics = list(item.fn())
        except Exception:  # a broken collector must not hide the others
            logger.exception("metrics collector failed", extra={"event": "metrics.collector_failed"})
            up.add_metric([item.code], 0)
        else:
            up.add_metric([item.code], 1)
            yield from metrics
        seconds.add_metric([item.code], time.perf_counter() - start)
    yield up
    yield seconds


# Process metrics (prometheus-client keeps them per process, or in PROMETHEUS_MULTIPROC_DIR).
HTTP_REQUESTS = Counter(
    "madoguchi_http_requests",
    "HTTP requests by view (route name), method and status",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "madoguchi_http_request_duration_seconds",
    "Time from the first middleware to the response, by view",
    ["view", "method"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
DB_QUERY_SECONDS = Histogram(
    "madoguchi_db_query_duration_seconds",
    "Time of each database query made while serving a request, by database alias",
    ["alias"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5),
)
DB_QUERIES_PER_REQUEST = Histogram(
    "madoguchi_db_queries_per_request",
    "Database queries made by one request",
    buckets=(1, 5, 10, 25, 50, 100, 250),
)
CACHE_SECONDS = Histogram(
    "madoguchi_cache_check_duration_seconds",
    "Time of the readiness probe's cache round trip",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 2),
)
TASKS = Counter(
    "madoguchi_celery_tasks",
    "Celery task runs by task and outcome (succeeded, failed, retried)",
    ["task", "outcome"],
)
FAILURES = Counter(
    "madoguchi_operation_failures",
    "Failures of operations that must not fail silently (certificate signing, …)",
    ["operation"],
)


def count_failure(operation: str) -> None:
    """Count one failure of `operation` (e.g. "certificate_signing") for /metrics and the alerts."""
    FAILURES.labels(operation).inc()
