import datetime

import pytest

from madoguchi.core.japanese import JapaneseInputError, validate_birth_date
from madoguchi.core.japanese.birthdate import today_jst

MESSAGE = "生年月日が未来の日付になっています。正しい生年月日を入力してください。"


@pytest.mark.parametrize("days", [0, 1, 365 * 40])
def test_today_and_past_birth_dates_are_accepted(days):
    day = today_jst() - datetime.timedelta(days=days)
    assert validate_birth_date(day) == day


@pytest.mark.parametrize("days", [1, 365 * 27])
def test_a_birth_date_in_the_future_is_refused(days):
    with pytest.raises(JapaneseInputError) as info:
        validate_birth_date(today_jst() + datetime.timedelta(days=days))
    assert str(info.value) == MESSAGE


def test_today_is_the_jst_day(monkeypatch):
    """At 2025-03-31T20:00Z it is already 1 April in Kokubunji: a child born that morning is valid."""

    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2025, 3, 31, 20, 0, tzinfo=datetime.UTC).astimezone(tz)

    monkeypatch.setattr("madoguchi.core.japanese.birthdate.datetime.datetime", Clock)
    assert validate_birth_date(datetime.date(2025, 4, 1)) == datetime.date(2025, 4, 1)
    with pytest.raises(JapaneseInputError):
        validate_birth_date(datetime.date(2025, 4, 2))
