"""Field kinds of a paper form, how each comes from a procedure's JSON Schema, and how OCR text
becomes the value an Application stores (全角→半角, 和暦→ISO date, 郵便番号 185-8501 …).

``normalise`` never raises: it returns its best canonical form, and ``validate`` says what is wrong
with it (a message for the verification queue), so a doubtful reading still reaches a person.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madoguchi.core.japanese import (
    JapaneseInputError,
    is_katakana,
    lookup_address,
    normalize_phone,
    parse_wareki,
    to_fullwidth_katakana,
    validate_my_number,
)


class FieldKind(StrEnum):
    KATAKANA = "katakana"
    DIGITS = "digits"
    DATE = "date"
    POSTAL = "postal"
    PHONE = "phone"
    TEXT = "text"
    MY_NUMBER = "my_number"
    CHECKBOX = "checkbox"


# What staff read beside a field (the checking queue, the zones of a form).
KIND_LABELS: dict[str, object] = {
    FieldKind.KATAKANA: gettext_lazy("カタカナ"),
    FieldKind.DIGITS: gettext_lazy("数字"),
    FieldKind.DATE: gettext_lazy("日付"),
    FieldKind.POSTAL: gettext_lazy("郵便番号"),
    FieldKind.PHONE: gettext_lazy("電話番号"),
    FieldKind.TEXT: gettext_lazy("文字"),
    FieldKind.MY_NUMBER: gettext_lazy("個人番号"),
    FieldKind.CHECKBOX: gettext_lazy("チェック欄"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# Kinds written one character per box on our printed forms.
BOXED_KINDS = frozenset(
    {FieldKind.KATAKANA, FieldKind.DIGITS, FieldKind.POSTAL, FieldKind.PHONE, FieldKind.MY_NUMBER}
)

_FORMATS = {
    "katakana": FieldKind.KATAKANA,
    "date": FieldKind.DATE,
    "jp-postal-code": FieldKind.POSTAL,
    "jp-phone": FieldKind.PHONE,
    "my-number": FieldKind.MY_NUMBER,
}
_DIGITS_PATTERN_RE = re.compile(r"^\^?(\[0-9\]|\\d)(\{\d+(,\d*)?\}|\+)\$?$")


def kind_for(property_schema: dict, key: str = "") -> FieldKind:
    """The kind of a JSON Schema property: its format first, then a digits-only pattern, integers,
    booleans and enums (ticked boxes); anything else is free text."""
    fmt = property_schema.get("format")
    if fmt in _FORMATS:
        return _FORMATS[fmt]
    kind = property_schema.get("type")
    if kind == "boolean" or property_schema.get("enum"):
        return FieldKind.CHECKBOX
    if kind == "integer":
        return FieldKind.DIGITS
    if kind == "string" and _DIGITS_PATTERN_RE.match(property_schema.get("pattern") or ""):
        return FieldKind.DIGITS
    if key.endswith(("_kana", ".kana")):
        return FieldKind.KATAKANA
    return FieldKind.TEXT


# What OCR confuses in digit-only fields: letters shaped like digits, and full-width forms (NFKC).
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0", "○": "0",
        "I": "1", "l": "1", "|": "1", "i": "1", "!": "1", "]": "1", "[": "1",
        "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6", "g": "9", "q": "9",
        "一": "-", "ー": "-", "―": "-", "−": "-", "‐": "-", "–": "-", "—": "-",
    }
)  # fmt: skip
_SPACES_RE = re.compile(r"\s+")
# 丁目 in addresses: Tesseract's jpn model drops the thin 丁 or reads it as 」 ] (二 目, 2]目), or
# spaces it off (二 丁目). Only with such a gap or bracket, so 一目 and the like stay as written.
_CHOME_RE = re.compile(r"([0-9一二三四五六七八九十])(?:\s*[」\]｣]\s*|\s+丁?\s*)目")
_STRAY_RE = re.compile(r"(?<=[年月])[./\-・,]+|[./\-・,]+(?=[年月日])")
_WESTERN_DATE_RE = re.compile(r"(?P<y>\d{4})(?:年|[./\-])(?P<m>\d{1,2})(?:月|[./\-])(?P<d>\d{1,2})日?")
# OCR misreadings of era names (令 ↔ 今 and friends).
_ERA_FIXES = (
    ("今和", "令和"),
    ("合和", "令和"),
    ("令和", "令和"),
    ("平戊", "平成"),
    ("平.成", "平成"),
    ("昭利", "昭和"),
)


def digits_of(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").translate(_DIGIT_LOOKALIKES)
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def _normalise_date(raw: str) -> str:
    text = _SPACES_RE.sub("", unicodedata.normalize("NFKC", raw or ""))
    for wrong, right in _ERA_FIXES:
        text = text.replace(wrong, right)
    text = _STRAY_RE.sub("", text.strip(".。・-/,"))
    match = _WESTERN_DATE_RE.fullmatch(text)
    if match:
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
        except ValueError:
            return text
    if text.isdigit() and len(text) == 8:
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
        except ValueError:
            return text
    try:
        return parse_wareki(text).isoformat()
    except JapaneseInputError:
        return text


def normalise(kind: FieldKind | str, raw: str) -> str:
    """OCR text → the value as an Application stores it (best effort; see ``validate``)."""
    kind = FieldKind(kind)
    raw = raw or ""
    if kind in (FieldKind.DIGITS, FieldKind.MY_NUMBER):
        return digits_of(raw)
    if kind == FieldKind.POSTAL:
        digits = digits_of(raw)
        return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else digits
    if kind == FieldKind.PHONE:
        digits = digits_of(raw)
        try:
            return normalize_phone(digits)
        except JapaneseInputError:
            return digits
    if kind == FieldKind.DATE:
        return _normalise_date(raw)
    if kind == FieldKind.CHECKBOX:
        return "1" if raw.strip() not in ("", "0", "false", "False") else ""
    if kind == FieldKind.KATAKANA:
        text = to_fullwidth_katakana(
            unicodedata.normalize("NFKC", raw).replace("-", "ー").replace("一", "ー")
        )
        text = "".join(ch for ch in text if ch.isspace() or is_katakana(ch))
        return _SPACES_RE.sub("\u3000", text).strip()
    text = _SPACES_RE.sub(" ", unicodedata.normalize("NFKC", raw)).strip()
    return _CHOME_RE.sub(r"\1丁目", text)


def validate(kind: FieldKind | str, value: str) -> str | None:
    """None if ``value`` (already normalised) is well-formed for its kind, else a message to show
    beside the field in the verification queue. Empty values are for the schema's required check."""
    kind = FieldKind(kind)
    if not value or kind in (FieldKind.TEXT, FieldKind.CHECKBOX):
        return None
    if kind == FieldKind.DIGITS:
        return (
            None
            if value.isascii() and value.isdigit()
            else _("数字だけが読み取れるはずの欄に数字以外があります。")
        )
    if kind == FieldKind.MY_NUMBER:
        try:
            validate_my_number(value)
        except JapaneseInputError as exc:
            return str(exc)
        return None
    if kind == FieldKind.POSTAL:
        try:
            found = lookup_address(value)
        except JapaneseInputError as exc:
            return str(exc)
        return None if found else _("この郵便番号は日本郵便のデータにありません。")
    if kind == FieldKind.PHONE:
        try:
            normalize_phone(value)
        except JapaneseInputError as exc:
            return str(exc)
        return None
    if kind == FieldKind.DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("日付として読み取れません（例：令和6年4月1日）。")
        return None
    if kind == FieldKind.KATAKANA and not is_katakana(value):
        return _("フリガナは全角カタカナで読み取れるはずです。")
    return None
