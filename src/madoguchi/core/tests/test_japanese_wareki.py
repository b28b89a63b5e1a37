"""和暦: formatting with the Western year, 元年, and reading what residents type."""

import re
from datetime import UTC, date, datetime

import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.core.japanese import (
    JapaneseInputError,
    format_wareki,
    format_wareki_year,
    parse_wareki,
    to_wareki,
)

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
gregorian_dates = st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31))


def assert_japanese_error(excinfo, code):
    assert excinfo.value.code == code
    assert str(excinfo.value) and JAPANESE.search(str(excinfo.value))


@pytest.mark.parametrize(
    ("day", "era", "year"),
    [
        (date(1873, 1, 1), "明治", 6),
        (date(1912, 7, 29), "明治", 45),
        (date(1912, 7, 30), "大正", 1),
        (date(1926, 12, 24), "大正", 15),
        (date(1926, 12, 25), "昭和", 1),
        (date(1989, 1, 7), "昭和", 64),
        (date(1989, 1, 8), "平成", 1),
        (date(2019, 4, 30), "平成", 31),
        (date(2019, 5, 1), "令和", 1),
        (date(2024, 4, 1), "令和", 6),
    ],
)
def test_each_era_begins_on_its_legal_start_date(day, era, year):
    w = to_wareki(day)
    assert (w.era.name, w.year) == (era, year)


def test_an_aware_datetime_is_read_in_jst():
    # 2019-04-30T15:00Z is already 令和元年5月1日 in Kokubunji.
    assert to_wareki(datetime(2019, 4, 30, 15, 0, tzinfo=UTC)).era.name == "令和"


def test_dates_are_shown_with_the_western_year_and_gannen():
    with override("ja"):
        assert format_wareki(date(2024, 4, 1)) == "令和6(2024)年4月1日"
        assert format_wareki(date(2019, 5, 1)) == "令和元(2019)年5月1日"
        assert format_wareki(date(2024, 4, 1), with_western=False) == "令和6年4月1日"
        assert format_wareki(date(2024, 4, 1), day=False) == "令和6(2024)年4月"


def test_years_are_shown_in_the_era_they_end_in():
    with override("ja"):
        assert format_wareki_year(2024) == "令和6(2024)年"
        assert format_wareki_year(2019) == "令和元(2019)年"
        assert format_wareki_year(date(2019, 4, 30)) == "平成31(2019)年"
        assert format_wareki_year(1989, with_western=False) == "平成元年"


def test_english_ui_reads_day_month_year_with_the_era():
    with override("en"):
        assert format_wareki(date(2024, 4, 1)) == "1 April 2024 (Reiwa 6)"
        assert format_wareki(date(2019, 5, 1)) == "1 May 2019 (Reiwa 1)"
        assert format_wareki(date(2024, 4, 1), day=False) == "April 2024 (Reiwa 6)"
        assert format_wareki_year(2024) == "2024 (Reiwa 6)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年4月1日", date(2024, 4, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("R06/04/01", date(2024, 4, 1)),
        ("r6-4-1", date(2024, 4, 1)),
        ("令6.4.1", date(2024, 4, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("令和６年４月１日", date(2024, 4, 1)),
        ("令和 6年 4月 1日", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和元(2019)年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("Ｈ３１．４．３０", date(2019, 4, 30)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("明治6年1月1日", date(1873, 1, 1)),
    ],
)
def test_residents_can_type_era_dates_in_the_usual_ways(text, expected):
    assert parse_wareki(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "mentions"),
    [
        ("", "wareki_format", "令和6年4月1日"),
        ("2024/04/01", "wareki_format", "R6.4.1"),
        ("令和6年4月", "wareki_format", "令和6年4月1日"),
        ("X6.4.1", "wareki_unknown_era", "令和"),
        ("天平6年4月1日", "wareki_unknown_era", "天平"),
        ("令和0年1月1日", "wareki_year", "元"),
        ("令和6年2月30日", "wareki_invalid_date", "令和6年2月30日"),
        ("令和6年13月1日", "wareki_invalid_date", "月と日"),
        ("令和6(2023)年4月1日", "wareki_western_mismatch", "2024"),
        ("明治5年12月2日", "wareki_old_calendar", "1873"),
        ("令和元年4月30日", "wareki_before_era", "平成31年4月30日"),
        ("平成32年1月1日", "wareki_after_era", "令和2年1月1日"),
        ("平成31年5月1日", "wareki_after_era", "令和元年5月1日"),
        ("昭和64年1月8日", "wareki_after_era", "平成元年1月8日"),
        ("大正16年1月1日", "wareki_after_era", "昭和2年1月1日"),
    ],
)
def test_impossible_era_dates_are_refused_with_what_to_type(text, code, mentions):
    with pytest.raises(JapaneseInputError) as excinfo:
        parse_wareki(text)
    assert_japanese_error(excinfo, code)
    assert mentions in str(excinfo.value)


def test_dates_before_the_gregorian_calendar_are_refused():
    with pytest.raises(JapaneseInputError) as excinfo:
        format_wareki(date(1872, 12, 31))
    assert_japanese_error(excinfo, "wareki_old_calendar")
    with pytest.raises(JapaneseInputError):
        format_wareki_year(1872)


@given(gregorian_dates)
def test_every_date_round_trips_through_each_written_form(d):
    w = to_wareki(d)
    assert parse_wareki(str(w)) == d
    assert parse_wareki(f"{w.era.initial}{w.year:02d}/{d.month:02d}/{d.day:02d}") == d
    with override("ja"):
        assert parse_wareki(format_wareki(d)) == d
