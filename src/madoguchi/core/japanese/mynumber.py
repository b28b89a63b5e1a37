"""個人番号 (My Number): 11 digits plus a check digit (行政手続における特定の個人を識別するための
番号の利用等に関する法律施行令 第8条).

With P1…P11 the first eleven digits read from the right (P1 next to the check digit) and weights
Qn = n+1 for n ≤ 6, Qn = n−5 for n ≥ 7: r = Σ Pn×Qn mod 11; the check digit is 0 when r ≤ 1,
otherwise 11 − r. 12345678901 → 8.

Because r = 0 and r = 1 give the same check digit, a few single-digit mistakes in the first eleven
digits still pass: the check digit catches most typing errors, not all.

The number is 特定個人情報: messages here never repeat it, and it is shown masked.
"""

import random
import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from .errors import JapaneseInputError

_SEPARATORS_RE = re.compile(r"[\s\-‐‑–—―−ー]")


def my_number_check_digit(eleven_digits: str) -> int:
    """Check digit for the first eleven digits of a 個人番号."""
    if len(eleven_digits) != 11 or not eleven_digits.isascii() or not eleven_digits.isdigit():
        raise ValueError("eleven ASCII digits expected")
    total = sum(int(p) * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(reversed(eleven_digits), start=1))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def _digits(value: str) -> str:
    return _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", value or ""))


def validate_my_number(value: str) -> str:
    """The 12 ASCII digits of a valid 個人番号; full-width digits, spaces and hyphens are accepted."""
    digits = _digits(value)
    if any(not "0" <= ch <= "9" for ch in digits):
        raise JapaneseInputError(
            _("個人番号（マイナンバー）は数字だけで入力してください。"), code="my_number_not_digits"
        )
    if len(digits) != 12:
        raise JapaneseInputError(
            _("個人番号（マイナンバー）は12桁の数字で入力してください（%(count)s桁入力されています）。"),
            code="my_number_length",
            params={"count": len(digits)},
        )
    if my_number_check_digit(digits[:11]) != int(digits[11]):
        raise JapaneseInputError(
            _(
                "個人番号（マイナンバー）が正しくありません。マイナンバーカードの番号をもう一度確かめてください。"
            ),
            code="my_number_check_digit",
        )
    return digits


def mask_my_number(value: str) -> str:
    """ "********9018": only the last four digits, and nothing at all if the value is not 12 digits."""
    digits = _digits(value)
    if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
        return "*" * 12
    return "*" * 8 + digits[-4:]


def generate_my_number(rng: random.Random) -> str:
    """A fictional 個人番号 with a valid check digit, for demo residents and tests."""
    body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return body + str(my_number_check_digit(body))
