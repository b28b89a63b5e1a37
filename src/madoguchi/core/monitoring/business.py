"""core's own collectors: the notification outbox, the audit chain, the upload disk, the broker."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import timezone

from . import GaugeMetricFamily, collector

AUDIT_CACHE_KEY = "madoguchi:monitoring:audit-verify"


def record_audit_verification(*, ok: bool, checked: int) -> None:
    """Keep the last `audit verify` result (beat task or the command) for /metrics (shared cache)."""
    cache.set(AUDIT_CACHE_KEY, {"ok": ok, "checked": checked, "at": time.time()}, timeout=None)


@collector("notifications")
def outbox():
    from ..models import Notification

    by_status = GaugeMetricFamily(
        "madoguchi_notifications",
        "Stored notifications by channel and status (pending = the outbox, failed = not delivered)",
        labels=["channel", "status"],
    )
    rows = Notification.objects.order_by().values("channel", "status").annotate(n=Count("pk"))
    for row in rows:
        by_status.add_metric([row["channel"], row["status"]], row["n"])
    yield by_status
    oldest = GaugeMetricFamily(
        "madoguchi_notifications_oldest_pending_age_seconds",
        "Age of the oldest notification still waiting to be sent, by channel",
        labels=["channel"],
    )
    now = timezone.now()
    pending = (
        Notification.objects.filter(status=Notification.Status.PENDING)
        .order_by()
        .values("channel")
        .annotate(first=Min("created_at"))
    )
    for row in pending:
        oldest.add_metric([row["channel"]], max(0.0, (now - row["first"]).total_seconds()))
    yield oldest


@collector("audit")
def audit_chain():
    last = cache.get(AUDIT_CACHE_KEY)
    verified = GaugeMetricFamily(
        "madoguchi_audit_chain_verified", "1 when the last audit chain verification passed, 0 when it failed"
    )
    at = GaugeMetricFamily(
        "madoguchi_audit_chain_verified_timestamp_seconds",
        "When the audit chain was last verified (Unix time)",
    )
    entries = GaugeMetricFamily(
        "madoguchi_audit_chain_verified_entries", "Entries checked by the last verification"
    )
    if last:
        verified.add_metric([], 1 if last["ok"] else 0)
        at.add_metric([], last["at"])
        entries.add_metric([], last["checked"])
    yield from (verified, at, entries)


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@collector("disk")
def disk():
    """Free space where uploads live (local file storage only; object storage has its own)."""
    free = GaugeMetricFamily("madoguchi_disk_free_bytes", "Free bytes on the file system", labels=["volume"])
    size = GaugeMetricFamily("madoguchi_disk_size_bytes", "Size of the file system", labels=["volume"])
    volumes = {"var": Path(settings.VAR_DIR)}
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        volumes["media"] = Path(settings.MEDIA_ROOT)
    for name, path in volumes.items():
        usage = shutil.disk_usage(_existing(path))
        free.add_metric([name], usage.free)
        size.add_metric([name], usage.total)
    yield free
    yield size


def queue_names() -> list[str]:
    from celery import current_app as app

    names = {app.conf.task_default_queue or "celery"}
    for queue in app.conf.task_queues or ():
        names.add(queue.name)
    routes = app.conf.task_routes or {}
    if isinstance(routes, dict):
        names.update(r["queue"] for r in routes.values() if isinstance(r, dict) and "queue" in r)
    return sorted(names)


@collector("celery")
def celery_queues():
    """Messages waiting in each Celery queue (nothing in the demo, where tasks run eagerly)."""
    length = GaugeMetricFamily(
        "madoguchi_celery_queue_length", "Messages waiting in the broker, by queue", labels=["queue"]
    )
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from celery import current_app as app

        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            channel = conn.default_channel
            for name in queue_names():
                try:
                    _, size, _ = channel.queue_declare(queue=name, passive=True)
                except Exception:  # noqa: BLE001 — a queue nobody declared yet is empty
                    size = 0
                    channel = conn.channel()
                length.add_metric([name], size)
    yield length
    info = GaugeMetricFamily(
        "madoguchi_build_info", "The running Madoguchi (value 1)", labels=["version", "env"]
    )
    from importlib.metadata import PackageNotFoundError, version

    try:
        running = version("madoguchi")
    except PackageNotFoundError:
        running = "unknown"
    info.add_metric([running, settings.MADOGUCHI_ENV], 1)
    yield info
