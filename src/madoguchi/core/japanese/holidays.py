"""開庁日 (the days the city hall is open): weekdays that are neither 国民の祝日・休日 (holidays
under the 国民の祝日に関する法律, from ``jpholiday``, including 振替休日 and 国民の休日) nor the
year-end closing 12/29–1/3 (行政機関の休日).

Deadlines such as a 標準処理期間 count business days after the day of receipt: the day of
receipt is day 0, so "1 business day" after Friday 2024-12-27 is Monday 2025-01-06.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache

import jpholiday

from .jst import to_jst_date

YEAR_END_CLOSING = ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))
_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=4096)
def _is_business_day(d: date) -> bool:
    if d.weekday() >= 5 or (d.month, d.day) in YEAR_END_CLOSING:
        return False
    return not jpholiday.is_holiday(d)


def is_business_day(value: date | datetime) -> bool:
    """Whether the city hall is open on this JST day."""
    return _is_business_day(to_jst_date(value))


def next_business_day(value: date | datetime) -> date:
    """The day itself when open, otherwise the next open day (an online application sent on a
    Saturday is handled from Monday)."""
    d = to_jst_date(value)
    while not _is_business_day(d):
        d += _ONE_DAY
    return d


def add_business_days(value: date | datetime, n: int) -> date:
    """The n-th business day after the day of receipt (day 0).

    ``n = 0`` gives the day of receipt itself, or the next business day if it was received on a
    closed day; so the result is always a business day.
    """
    if n < 0:
        raise ValueError("n must be 0 or more")
    d = to_jst_date(value)
    if n == 0:
        return next_business_day(d)
    while n:
        d += _ONE_DAY
        if _is_business_day(d):
            n -= 1
    return d


def business_days_between(start: date | datetime, end: date | datetime) -> int:
    """Business days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

    The inverse of add_business_days: business_days_between(d, add_business_days(d, n)) == n for n ≥ 1.
    """
    a, b = to_jst_date(start), to_jst_date(end)
    if b < a:
        return -business_days_between(b, a)
    return sum(1 for offset in range(1, (b - a).days + 1) if _is_business_day(a + timedelta(days=offset)))
