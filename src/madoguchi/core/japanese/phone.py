"""電話番号 in the hyphenated domestic form: 042-325-0111, 03-1234-5678, 090-1234-5678.

Digits are what matter; the hyphens only follow the 市外局番-市内局番-加入者番号 split. That split
depends on the area code, whose length (2–5 digits with the leading 0) is not visible in the digits,
so this module uses a compact table:

- 11-digit numbers: 070/080/090 mobile, 050 IP phone, 020 and 060 → 0X0-XXXX-XXXX; 0800 → 0800-XXX-XXXX.
- 0120, 0570, 0990 → 0120-XXX-XXX.
- 03 (東京23区) and 06 (大阪) → 0X-XXXX-XXXX.
- a few 4- and 5-digit area codes around the city and of Tokyo's islands (0422 武蔵野・三鷹,
  0428 青梅, 04992 大島 …), listed in AREA_CODES.
- every other 10-digit number → 0AB-CDE-FGHI (3-3-4), right for most large cities (042, 045, 052…).

Limitation: a 4- or 5-digit area code that is not in AREA_CODES (0466 藤沢 is, 0178 八戸 is not) gets
the 3-3-4 hyphens (017-812-3456 instead of 0178-12-3456). The digits, and therefore the number,
are always right; extend AREA_CODES (or use the 総務省 市外局番 list) if the layout matters.
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from .errors import JapaneseInputError

ELEVEN_DIGIT_PREFIXES = ("070", "080", "090", "050", "020", "060", "0800")
SERVICE_PREFIXES = ("0120", "0570", "0990")  # 10 digits, 4-3-3

# Area codes longer than three digits (with the 0), longest first when matching.
AREA_CODES = (
    "04992", "04994", "04996", "04998",  # 大島, 三宅, 八丈, 小笠原
    "0422", "0428",  # 武蔵野・三鷹, 青梅
    "0463", "0465", "0466", "0467",  # 平塚, 小田原, 藤沢, 茅ヶ崎・鎌倉
)  # fmt: skip
TWO_DIGIT_AREA_CODES = ("03", "06")

_SEPARATORS_RE = re.compile(r"[\s\-‐‑–—―−ー().]")


def _digits(value: str) -> str:
    text = unicodedata.normalize("NFKC", value or "").strip()
    if text.startswith("+"):
        text = re.sub(r"^\+\s*81[\s\-]*(\(0\)|0)?", "0", text)
        if text.startswith("+"):
            raise JapaneseInputError(
                _("日本国内の電話番号（+81または0から始まる番号）を入力してください。"),
                code="phone_not_japanese",
            )
    return _SEPARATORS_RE.sub("", text)


def _split(digits: str) -> tuple[str, ...]:
    if len(digits) == 11:
        head = 4 if digits.startswith("0800") else 3
        tail = 4
    elif digits.startswith(SERVICE_PREFIXES):
        head, tail = 4, 3
    elif digits.startswith(TWO_DIGIT_AREA_CODES):
        head, tail = 2, 4
    else:
        area = next((code for code in AREA_CODES if digits.startswith(code)), digits[:3])
        head, tail = len(area), 4
    return digits[:head], digits[head : len(digits) - tail], digits[len(digits) - tail :]


def normalize_phone(value: str) -> str:
    """A Japanese phone number, however typed (full-width, +81, parentheses), as 042-325-0111."""
    digits = _digits(value)
    if any(not "0" <= ch <= "9" for ch in digits):
        raise JapaneseInputError(
            _("電話番号は数字とハイフンで入力してください（例：042-325-0111）。"),
            code="phone_invalid_characters",
        )
    if not digits.startswith("0"):
        raise JapaneseInputError(
            _("電話番号は市外局番（0から始まる番号）から入力してください（例：042-325-0111）。"),
            code="phone_no_prefix",
        )
    expected = 11 if digits.startswith(ELEVEN_DIGIT_PREFIXES) else 10
    if len(digits) < expected:
        raise JapaneseInputError(
            _(
                "電話番号の桁数が足りません。市外局番から%(expected)s桁で入力してください（例：042-325-0111）。"
            ),
            code="phone_too_short",
            params={"expected": expected},
        )
    if len(digits) > expected:
        raise JapaneseInputError(
            _(
                "電話番号の桁数が多すぎます。市外局番から%(expected)s桁で入力してください（例：042-325-0111）。"
            ),
            code="phone_too_long",
            params={"expected": expected},
        )
    return "-".join(_split(digits))
