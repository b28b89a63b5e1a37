"""The booking calendar: weeks of days (月〜日) with what each day offers, and a day's times.

A time offered at two windows serving the same category is one choice for the resident (the
booking takes a seat at whichever window has one), so every time is listed once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from madoguchi.core.japanese import JST, is_business_day, to_jst_date

from ..models import Reservation, VisitSlot

WEEKS_AHEAD = 4


class DayStatus:
    AVAILABLE = "available"  # at least one time with a seat
    FULL = "full"  # slots that day, all taken
    CLOSED = "closed"  # 閉庁日 (weekend, holiday, year-end)
    NONE = "none"  # open day without bookable slots
    PAST = "past"


@dataclass
class BookingTime:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    seats: int

    @property
    def value(self) -> str:
        """The form value: the JST start as 2026-12-07T09:00."""
        return self.starts_at.astimezone(JST).strftime("%Y-%m-%dT%H:%M")


@dataclass
class BookingDay:
    day: datetime.date
    status: str
    times: list[BookingTime] = field(default_factory=list)

    @property
    def free_times(self) -> int:
        return sum(1 for t in self.times if t.seats > 0)


def _free_slots(category_code: str, start: datetime.datetime, end: datetime.datetime):
    return (
        VisitSlot.objects.filter(
            starts_at__gte=start,
            starts_at__lt=end,
            window__categories__code=category_code,
            window__is_open=True,
        )
        .annotate(booked=Count("reservations", filter=Q(reservations__status=Reservation.Status.BOOKED)))
        .annotate(seats=F("capacity") - F("booked"))
        .select_related("window")
        .order_by("starts_at", "window__sort_order", "window__number")
        .distinct()
    )


def _times(slots, now) -> dict[datetime.date, list[BookingTime]]:
    """Slots merged by start time (seats added up), by JST day; past times left out."""
    by_start: dict[datetime.datetime, BookingTime] = {}
    for slot in slots:
        if slot.starts_at <= now:
            continue
        time = by_start.setdefault(slot.starts_at, BookingTime(slot.starts_at, slot.ends_at, 0))
        time.seats += max(slot.seats, 0)
    days: dict[datetime.date, list[BookingTime]] = {}
    for time in by_start.values():
        days.setdefault(to_jst_date(time.starts_at), []).append(time)
    return days


def booking_calendar(category_code: str, *, weeks: int = WEEKS_AHEAD, now=None) -> list[list[BookingDay]]:
    """Weeks from this week's Monday: each a list of seven BookingDay, Monday first."""
    now = now or timezone.now()
    today = to_jst_date(now)
    monday = today - datetime.timedelta(days=today.weekday())
    first = datetime.datetime.combine(monday, datetime.time(), tzinfo=JST)
    last = first + datetime.timedelta(weeks=weeks)
    times = _times(_free_slots(category_code, first, last), now)
    calendar = []
    for week in range(weeks):
        row = []
        for offset in range(7):
            day = monday + datetime.timedelta(days=week * 7 + offset)
            day_times = times.get(day, [])
            if day < today:
                status = DayStatus.PAST
            elif not is_business_day(day):
                status = DayStatus.CLOSED
            elif not day_times:
                status = DayStatus.NONE
            elif any(t.seats > 0 for t in day_times):
                status = DayStatus.AVAILABLE
            else:
                status = DayStatus.FULL
            row.append(BookingDay(day=day, status=status, times=day_times))
        calendar.append(row)
    return calendar


def times_on(category_code: str, day: datetime.date, *, now=None) -> list[BookingTime]:
    """The day's times, each once, with the seats left over all windows (0 when full)."""
    now = now or timezone.now()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=JST)
    return _times(_free_slots(category_code, start, start + datetime.timedelta(days=1)), now).get(day, [])


def free_slot_at(category_code: str, starts_at: datetime.datetime, *, now=None) -> VisitSlot | None:
    """A slot with a seat at that time, at the first window serving the category (None if full)."""
    now = now or timezone.now()
    for slot in _free_slots(category_code, starts_at, starts_at + datetime.timedelta(seconds=1)):
        if slot.seats > 0 and slot.starts_at > now:
            return slot
    return None
