"""The figures of the paper intake, from the Events the verification writes (kept after the
scans themselves are gone): field accuracy per kind, pages verified per staff-hour, and the share
of paper applications keyed by OCR. `department` (a code) narrows each to one department."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet

from madoguchi.applications import services as applications
from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Channel, Event

from ..events import Verb

OUTCOMES = (Verb.FIELD_ACCEPTED, Verb.FIELD_CORRECTED)
WORK = (Verb.FIELD_ACCEPTED, Verb.FIELD_CORRECTED, Verb.FIELD_AWAITING_SECOND)
FIRST_FIELD = timedelta(minutes=1)  # a day's first field took time too: counted as one minute


def _events(verbs, fiscal_year: int, department: str | None) -> QuerySet[Event]:
    start, end = fiscal_year_bounds_utc(fiscal_year)
    events = Event.objects.filter(verb__in=[str(v) for v in verbs], time__gte=start, time__lt=end)
    if department:
        events = events.filter(data__department=department)
    return events.order_by("time", "pk")


def field_outcomes(fiscal_year: int, department: str | None = None) -> QuerySet[Event]:
    """One Event per field checked to the end: accepted as read, or corrected."""
    return _events(OUTCOMES, fiscal_year, department)


@dataclass(frozen=True)
class Accuracy:
    fields: int
    accepted: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.accepted / self.fields, 1) if self.fields else None


def accuracy_by_kind(fiscal_year: int, department: str | None = None) -> dict[str, Accuracy]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for verb, data in field_outcomes(fiscal_year, department).values_list("verb", "data"):
        row = counts[str(data.get("kind", ""))]
        row[0] += 1
        row[1] += verb == Verb.FIELD_ACCEPTED
    return {kind: Accuracy(n, ok) for kind, (n, ok) in sorted(counts.items())}


def accuracy(fiscal_year: int, department: str | None = None) -> Accuracy:
    rows = accuracy_by_kind(fiscal_year, department).values()
    return Accuracy(sum(r.fields for r in rows), sum(r.accepted for r in rows))


def staff_hours(fiscal_year: int, department: str | None = None) -> float:
    """Per person and JST day: from the first field checked to the last, plus a minute."""
    spans: dict[tuple, list] = {}
    for actor, time in _events(WORK, fiscal_year, department).values_list("actor_id", "time"):
        key = (actor, to_jst_date(time))
        span = spans.setdefault(key, [time, time])
        span[1] = time
    total = sum(((last - first) + FIRST_FIELD for first, last in spans.values()), timedelta())
    return total.total_seconds() / 3600


def pages_verified(fiscal_year: int, department: str | None = None) -> int:
    return _events((Verb.PAGE_VERIFIED,), fiscal_year, department).count()


def pages_per_hour(fiscal_year: int, department: str | None = None) -> float | None:
    hours = staff_hours(fiscal_year, department)
    return round(pages_verified(fiscal_year, department) / hours, 1) if hours else None


def ocr_keyed(fiscal_year: int) -> int:
    return _events((Verb.FORM_ACCEPTED,), fiscal_year, None).count()


def paper_received(fiscal_year: int) -> int:
    """Paper-channel applications received in the 年度, from applications' own counts."""
    start, end = fiscal_year_bounds_utc(fiscal_year)
    return sum(
        n
        for _code, _name, channel, n in applications.received_counts(start=start, end=end)
        if channel == Channel.PAPER
    )


def ocr_keyed_share(fiscal_year: int) -> float | None:
    total = paper_received(fiscal_year)
    return round(100 * min(ocr_keyed(fiscal_year), total) / total, 1) if total else None
