"""JSON from strangers: refuse what would crash the parser or the database, with a 400.

Python's json module recurses once per nesting level, so a body of 2,000 "[" raises
RecursionError (a 500) before any view code runs; PostgreSQL refuses NUL in text, so a title with
"\\x00" is a 500 at save time. Both are caught here, once, before parsing or storing:

- `loads()` counts the nesting depth with a flat scan (no recursion) and refuses more than
  MAX_DEPTH levels, and refuses NaN/Infinity (not JSON; they cannot be stored or sent back).
- `check_text()` walks parsed data and refuses control characters other than tab and newlines.
- `JSONParser` is DRF's parser on top of both, installed for every /api/v1/ endpoint.
"""

from __future__ import annotations

import json
import math
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 64

# A JSON string literal (possessive: no backtracking), then any bracket outside one.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
# Unicode's control characters (category Cc: C0, DEL and C1) but tab and newlines; a regex scans a
# form's answers in microseconds where a loop over unicodedata.category took a tenth of a millisecond.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class JSONInputError(ValueError):
    """Input refused before it reached the application; `message` is for the person sending it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting of a JSON text, without parsing it (and without recursion)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_constant(name: str):
    raise JSONInputError(_("JSONに %(name)s は使えません。数値で指定してください。") % {"name": name})


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400 parses as inf without passing through parse_constant
        _no_constant(text)
    return number


def loads(data: str | bytes, *, max_depth: int = MAX_DEPTH):
    """json.loads for untrusted input: JSONInputError (a ValueError) for too deep nesting,
    NaN/Infinity, invalid JSON or invalid UTF-8."""
    if isinstance(data, bytes | bytearray):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JSONInputError(_("JSONはUTF-8で送ってください。")) from None
    if nesting_depth(data) > max_depth:
        raise JSONInputError(_("JSONの入れ子が深すぎます（%(max)d段まで）。") % {"max": max_depth})
    try:
        return json.loads(data, parse_constant=_no_constant, parse_float=_finite)
    except JSONInputError:
        raise
    except ValueError as error:  # JSONDecodeError, and integers longer than Python converts
        raise JSONInputError(_("JSONとして読めません: %(error)s") % {"error": error}) from None


def control_character(value) -> str | None:
    """The first control character (other than tab and newlines) in a string, or in any key or
    string inside nested lists and dicts; None when there is none. Iterative, so depth is no
    concern."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found = _CONTROL.search(item)
            if found:
                return found.group()
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return None


def check_text(value) -> None:
    """Refuse control characters in text input (NUL cannot be stored in PostgreSQL, the others
    have no place in a title or a query)."""
    char = control_character(value)
    if char is not None:
        raise JSONInputError(
            _("制御文字（U+%(code)04X）は入力できません。取り除いてから送ってください。")
            % {"code": ord(char)}
        )


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the nesting limit and the control-character check: a 400 instead
    of RecursionError or a database error."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(_("JSONはUTF-8で送ってください。")) from None
        try:
            data = loads(text)
            check_text(data)  # a NUL in a JSONField string is a 500 on PostgreSQL
        except JSONInputError as error:
            raise ParseError(error.message) from None
        return data
