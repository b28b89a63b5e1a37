"""Amounts of money: whole yen only (円単位の整数). Anything else is refused, never rounded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


def whole_yen(value, *, allow_zero: bool = False) -> int:
    """Return `value` if it is a whole number of yen; raise ValidationError otherwise.

    Only Python ints are accepted (not floats like 300.0, Decimals, strings or booleans), so a
    fractional or mistyped amount can never be charged by rounding it.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            _("金額は1円単位の整数で指定してください（例：300）。小数や文字は使えません。"),
            code="yen_not_integer",
        )
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(_("金額は1円以上で指定してください。"), code="yen_not_positive")
    if value > 10_000_000:
        raise ValidationError(_("金額が上限（1,000万円）を超えています。"), code="yen_too_large")
    return value


def format_yen(value: int) -> str:
    return f"{number_format(value, force_grouping=True)}円"
