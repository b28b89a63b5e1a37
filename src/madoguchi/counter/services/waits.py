"""Waits and signage: the predicted wait per category, a ticket's place, the calls on the board."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from madoguchi.core.japanese import JST, is_business_day, to_jst_date
from madoguchi.core.models import Municipality

from ..models import ServiceCategory, Ticket

RECENT_SERVICES = 20  # completed tickets used to predict the wait


def average_service_seconds(category: ServiceCategory) -> float:
    """Mean service time of the category's last completed tickets (its standard time if none)."""
    recent = (
        Ticket.objects.filter(
            category=category, status=Ticket.Status.DONE, called_at__isnull=False, completed_at__isnull=False
        )
        .order_by("-completed_at")
        .values_list("called_at", "completed_at")[:RECENT_SERVICES]
    )
    durations = [(done - called).total_seconds() for called, done in recent if called and done]
    if not durations:
        return category.default_service_minutes * 60.0
    return sum(durations) / len(durations)


@dataclass
class CategoryWait:
    category: ServiceCategory
    waiting: int
    windows: int
    predicted_minutes: int
    last_called: str

    def as_dict(self) -> dict:
        return {
            "code": self.category.code,
            "name": self.category.localized_name(),
            "waiting": self.waiting,
            "open_windows": self.windows,
            "predicted_wait_minutes": self.predicted_minutes,
            "last_called": self.last_called,
        }


def predicted_wait_minutes(category: ServiceCategory, *, ahead: int | None = None) -> int:
    """Predicted wait: people ahead × recent mean service time ÷ open windows, rounded up."""
    today = to_jst_date(timezone.now())
    if ahead is None:
        ahead = Ticket.objects.filter(category=category, day=today, status=Ticket.Status.WAITING).count()
    windows = max(1, category.windows.filter(is_open=True).count())
    return math.ceil(ahead * average_service_seconds(category) / windows / 60)


def current_waits() -> list[CategoryWait]:
    today = to_jst_date(timezone.now())
    waiting = dict(
        Ticket.objects.filter(day=today, status=Ticket.Status.WAITING)
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    result = []
    for category in ServiceCategory.objects.filter(is_active=True).annotate(
        open_windows=Count("windows", filter=Q(windows__is_open=True))
    ):
        last = (
            Ticket.objects.filter(category=category, day=today, first_called_at__isnull=False)
            .select_related("category")
            .order_by("-called_at", "-first_called_at")
            .first()
        )
        ahead = waiting.get(category.pk, 0)
        result.append(
            CategoryWait(
                category=category,
                waiting=ahead,
                windows=category.open_windows,
                predicted_minutes=predicted_wait_minutes(category, ahead=ahead),
                last_called=last.display_number if last else "",
            )
        )
    return result


def ticket_position(ticket: Ticket) -> int:
    """How many tickets are called before this one (0 when it is being called)."""
    if ticket.status != Ticket.Status.WAITING:
        return 0
    return Ticket.objects.filter(
        category=ticket.category, day=ticket.day, status=Ticket.Status.WAITING, issued_at__lt=ticket.issued_at
    ).count()


def called_tickets(limit: int = 8):
    """For the signage: today's tickets being called or served, newest call first."""
    return (
        Ticket.objects.filter(
            day=to_jst_date(timezone.now()), status__in=[Ticket.Status.CALLED, Ticket.Status.SERVING]
        )
        .select_related("category", "window")
        .order_by("-called_at")[:limit]
    )


DEFAULT_HOURS = (datetime.time(8, 30), datetime.time(17, 0))
_HOURS_RE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[〜~～\-－–]\s*(\d{1,2})[:：](\d{2})")


def counter_hours() -> tuple[datetime.time, datetime.time]:
    """The counters' hours on an open day, read from the city's 開庁時間 (「平日 8:30〜17:00」)."""
    city = Municipality.current()
    match = _HOURS_RE.search(getattr(city, "opening_hours", "") or "")
    if not match:
        return DEFAULT_HOURS
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return datetime.time(h1, m1), datetime.time(h2, m2)


@dataclass
class OpeningStatus:
    is_open: bool
    state: str  # open / before / after / closed_day
    as_of: datetime.datetime  # JST
    opens: datetime.time
    closes: datetime.time


def opening_status(now=None) -> OpeningStatus:
    """Whether the counters take visitors now (開庁日 and within the hours), as of `now`."""
    local = (now or timezone.now()).astimezone(JST)
    opens, closes = counter_hours()
    if not is_business_day(local):
        state = "closed_day"
    elif local.time() < opens:
        state = "before"
    elif local.time() >= closes:
        state = "after"
    else:
        state = "open"
    return OpeningStatus(is_open=state == "open", state=state, as_of=local, opens=opens, closes=closes)
