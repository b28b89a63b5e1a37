"""年度: April to March in JST, named in 和暦 with the Western year."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.core.japanese import (
    JST,
    fiscal_year,
    fiscal_year_bounds_utc,
    fiscal_year_range,
    format_fiscal_year,
    receipt_prefix,
)


@pytest.mark.parametrize(
    ("when", "fy"),
    [
        (date(2024, 4, 1), 2024),
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        (date(2024, 12, 31), 2024),
        (date(2025, 1, 1), 2024),
        (datetime(2025, 3, 31, 23, 59, tzinfo=JST), 2024),
        (datetime(2025, 3, 31, 14, 59, tzinfo=UTC), 2024),  # 23:59 JST
        (datetime(2025, 3, 31, 15, 0, tzinfo=UTC), 2025),  # 2025-04-01 00:00 JST
        (datetime(2025, 3, 31, 23, 0), 2024),  # naive: already JST wall-clock time
    ],
)
def test_fiscal_year_of_a_jst_day(when, fy):
    assert fiscal_year(when) == fy


def test_range_is_april_first_to_march_thirty_first():
    assert fiscal_year_range(2024) == (date(2024, 4, 1), date(2025, 3, 31))


def test_utc_bounds_for_database_queries():
    start, end = fiscal_year_bounds_utc(2025)
    assert start == datetime(2025, 3, 31, 15, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)


def test_fiscal_year_is_named_in_wareki_with_the_western_year():
    with override("ja"):
        assert format_fiscal_year(2025) == "令和7(2025)年度"
        assert format_fiscal_year(2025, with_western=False) == "令和7年度"
        assert format_fiscal_year(2019) == "平成31(2019)年度"  # the era of April 1
        assert format_fiscal_year(2020) == "令和2(2020)年度"


def test_fiscal_year_in_english():
    with override("en"):
        assert format_fiscal_year(2025) == "FY2025 (Reiwa 7)"


@pytest.mark.parametrize(
    ("fy", "prefix"),
    [(2025, "R7"), (2020, "R2"), (2019, "H31"), (2018, "H30"), (1988, "S63"), (1989, "H1")],
)
def test_receipt_prefix_uses_the_era_of_april_first(fy, prefix):
    assert receipt_prefix(fy) == prefix


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)))
def test_every_instant_falls_inside_its_fiscal_years_bounds(instant):
    start, end = fiscal_year_bounds_utc(fiscal_year(instant))
    assert start <= instant < end
    first, last = fiscal_year_range(fiscal_year(instant))
    assert first <= instant.astimezone(JST).date() <= last
