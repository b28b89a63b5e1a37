"""開庁日: weekdays that are not 祝日 and not 12/29–1/3; the day of receipt is day 0."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.core.japanese import (
    add_business_days,
    business_days_between,
    is_business_day,
    next_business_day,
)


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (date(2025, 1, 1), False),  # 元日
        (date(2024, 12, 27), True),  # last open day of 2024 (Fri)
        (date(2024, 12, 30), False),  # Monday, year-end closing
        (date(2025, 1, 3), False),  # Friday, year-end closing
        (date(2025, 1, 6), True),
        (date(2025, 1, 13), False),  # 成人の日
        (date(2024, 5, 6), False),  # 振替休日
        (date(2024, 4, 6), False),  # Saturday
        (date(2024, 4, 1), True),
    ],
)
def test_business_days(day, open_):
    assert is_business_day(day) is open_


def test_an_aware_datetime_is_judged_by_its_jst_day():
    # Tuesday 2024-12-31T15:00Z is 2025-01-01 JST (元日); Friday 2024-12-27T14:00Z is still the 27th.
    assert not is_business_day(datetime(2024, 12, 31, 15, 0, tzinfo=UTC))
    assert is_business_day(datetime(2024, 12, 27, 14, 0, tzinfo=UTC))


def test_one_business_day_after_the_last_friday_of_the_year_is_the_first_monday():
    assert add_business_days(date(2024, 12, 27), 1) == date(2025, 1, 6)
    assert business_days_between(date(2024, 12, 27), date(2025, 1, 6)) == 1


def test_day_zero_is_the_day_of_receipt_or_the_next_open_day():
    assert add_business_days(date(2024, 4, 1), 0) == date(2024, 4, 1)
    assert add_business_days(date(2024, 4, 6), 0) == date(2024, 4, 8)
    assert next_business_day(date(2024, 12, 28)) == date(2025, 1, 6)


def test_counting_between_days():
    assert business_days_between(date(2024, 4, 1), date(2024, 4, 1)) == 0
    assert business_days_between(date(2024, 4, 1), date(2024, 4, 8)) == 5
    assert business_days_between(date(2024, 4, 8), date(2024, 4, 1)) == -5


def test_negative_counts_are_a_programming_error():
    with pytest.raises(ValueError):
        add_business_days(date(2024, 4, 1), -1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)), st.integers(0, 60))
def test_add_business_days_lands_on_a_business_day_and_counts_back(d, n):
    result = add_business_days(d, n)
    assert is_business_day(result)
    assert result >= d
    if n:
        assert business_days_between(d, result) == n
