"""The counter's figures for staff: waits per category on a day, and each procedure's counter
share (how many applications came in at the counter rather than online)."""

from __future__ import annotations

import math

from madoguchi.applications import services as applications

from ..models import ServiceCategory, Ticket


def wait_statistics(day) -> list[dict]:
    """Average and 95th-percentile wait (issue → first call) per category for one day, in minutes."""
    rows = []
    for category in ServiceCategory.objects.all():
        waits = sorted(
            (called - issued).total_seconds() / 60
            for issued, called in Ticket.objects.filter(
                category=category, day=day, first_called_at__isnull=False
            ).values_list("issued_at", "first_called_at")
            if called is not None  # the filter keeps called tickets only
        )
        if not waits:
            continue
        rank = max(0, math.ceil(0.95 * len(waits)) - 1)  # nearest-rank percentile
        rows.append(
            {
                "category": category.code,
                "name": category.localized_name(),
                "count": len(waits),
                "average_minutes": round(sum(waits) / len(waits), 1),
                "p95_minutes": round(waits[rank], 1),
            }
        )
    return rows


def channel_share(*, start=None, end=None) -> list[dict]:
    """Per procedure: applications received at the counter and online, and the counter share (%)."""
    counts: dict[str, dict] = {}
    for code, name, channel, n in applications.received_counts(start=start, end=end):
        row = counts.setdefault(
            code, {"procedure": code, "name": name, "counter": 0, "online": 0, "other": 0}
        )
        key = channel if channel in ("counter", "online") else "other"
        row[key] += n
    for row in counts.values():
        total = row["counter"] + row["online"] + row["other"]
        row["total"] = total
        row["counter_percent"] = round(100 * row["counter"] / total, 1) if total else None
        row["online_percent"] = round(100 * row["online"] / total, 1) if total else None
    return sorted(counts.values(), key=lambda r: (-r["total"], r["procedure"]))
