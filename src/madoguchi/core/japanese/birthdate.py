"""生年月日: a birth date is never after today (the JST calendar day).

One check for every channel that takes a birth date (online forms, the counter, paper and postal
entry, the API: all validate through procedures.validation), so a typo such as 2052 for 2025 is
refused with the same message everywhere instead of reaching a case file.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .errors import JapaneseInputError
from .jst import JST


def today_jst() -> datetime.date:
    return datetime.datetime.now(JST).date()


def validate_birth_date(value: datetime.date) -> datetime.date:
    """Return `value`, or raise JapaneseInputError if it lies in the future."""
    if value > today_jst():
        raise JapaneseInputError(
            _("生年月日が未来の日付になっています。正しい生年月日を入力してください。"),
            code="future_birth_date",
        )
    return value
