"""The part of Solr's query syntax that CKAN clients and harvesters send in package_search's `q`
and `fq`, parsed into a small tree that `queries` turns into one SQL condition over the search rows.

Supported: words and "quoted phrases" (every Sudachi term of them, as the catalog search matches
text), `field:value` and `field:"quoted value"`, `field:(a OR b)`, ranges `[a TO b]`, `{a TO b}`
(and mixed) with `*` for an open end on dates (ISO 8601, `NOW`, `NOW-7DAYS`, `NOW/DAY`) and
numbers, `field:*` (has a value), `*:*`, `AND`/`&&`, `OR`/`||`, `NOT`/`!`, `+` (required) and `-`
(prohibited), parentheses. Terms side by side must all match (CKAN's `q.op=AND`); NOT binds
tighter than AND, AND tighter than OR. Anything else (partial wildcards, fuzzy `~`, boosts `^`,
regular expressions, local parameters, an unknown field) is refused with a SearchQueryError that
says what, which the API answers with 409 as CKAN does.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

TEXT_FIELDS = {"text", "title", "notes"}
KEY_FIELDS = {"organization", "owner_org", "groups", "tags", "res_format", "license_id", "standard_type"}
COLUMN_FIELDS = {"name", "id"}
DATE_FIELDS = {"metadata_modified", "metadata_created"}
NUMBER_FIELDS = {"num_resources", "num_tags"}
EXTRAS_PREFIX = "extras_"
FIELDS = TEXT_FIELDS | KEY_FIELDS | COLUMN_FIELDS | DATE_FIELDS | NUMBER_FIELDS
FIELD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_CLAUSES = 100  # Solr's maxBooleanClauses is far above; this keeps one query's SQL small


class SearchQueryError(ValueError):
    pass


# --- the tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Free text (a word or a phrase): every Sudachi term of it."""

    text: str


@dataclass(frozen=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True)
class Exists:
    name: str  # `field:*`


@dataclass(frozen=True)
class Range:
    name: str
    low: object  # None: open (`*`)
    high: object
    include_low: bool
    include_high: bool


@dataclass(frozen=True)
class All:
    """`*:*`"""


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


# --- tokens ----------------------------------------------------------------------------------------

TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<phrase>"(?:[^"\\]|\\.)*")
  | (?P<range>[\[{][^\]}]*[\]}])
  | (?P<word>(?:[^\s()"\\\[\]{}]|\\.)+)
  | (?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)
OPERATORS = {"AND": "AND", "&&": "AND", "OR": "OR", "||": "OR", "NOT": "NOT", "!": "NOT"}


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = []
    for match in TOKEN_RE.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "bad":
            if value == '"':
                raise SearchQueryError("unbalanced quotes")
            raise SearchQueryError(f"cannot parse {value!r}: ranges need [a TO b] or {{a TO b}}")
        tokens.append((kind, value))
    return tokens


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


# --- the parser -----------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0
        self.clauses = 0

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.position += 1
        return token

    def operator(self) -> str | None:
        kind, value = self.peek()
        return OPERATORS.get(value) if kind == "word" else None

    def parse(self):
        node = self.or_expression()
        if self.position < len(self.tokens):
            raise SearchQueryError(f"cannot parse {self.peek()[1]!r}: unbalanced parentheses")
        return node

    def or_expression(self, field: str | None = None):
        nodes = [self.and_expression(field)]
        while self.operator() == "OR":
            self.take()
            nodes.append(self.and_expression(field))
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expression(self, field: str | None):
        nodes = [self.unary(field)]
        while True:
            kind, _value = self.peek()
            if kind is None or kind == "close" or self.operator() == "OR":
                break
            if self.operator() == "AND":
                self.take()
            nodes.append(self.unary(field))
        nodes = [n for n in nodes if n is not None]
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self, field: str | None):
        if self.operator() == "NOT":
            self.take()
            node = self.unary(field)
            return Not(node) if node is not None else None
        kind, value = self.peek()
        if kind == "word" and value[0] in "+-" and len(value) > 1:
            self.tokens[self.position] = ("word", value[1:])
            node = self.unary(field)
            return Not(node) if value[0] == "-" and node is not None else node
        if kind == "word" and value.startswith("!") and len(value) > 1:
            self.tokens[self.position] = ("word", value[1:])
            node = self.unary(field)
            return Not(node) if node is not None else None
        if kind == "word" and value in {"+", "-"}:
            raise SearchQueryError(f"{value!r} must be followed by a term")
        return self.primary(field)

    def primary(self, field: str | None):
        kind, value = self.take()
        if kind is None:
            raise SearchQueryError("the query ends where a term is expected")
        if kind == "open":
            node = self.or_expression(field)
            if self.take()[0] != "close":
                raise SearchQueryError("unbalanced parentheses")
            return node
        if kind == "close":
            raise SearchQueryError("unbalanced parentheses")
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise SearchQueryError(f"too many clauses (at most {MAX_CLAUSES})")
        if kind == "phrase":
            return self.value(field, _unescape(value[1:-1]), quoted=True)
        if kind == "range":
            if value.startswith("{!"):
                raise SearchQueryError("local parameters ({!…}) are not supported")
            if field is None:
                raise SearchQueryError(f"a range needs a field: {value}")
            return _range(field, value)
        if value.startswith("{!"):
            raise SearchQueryError("local parameters ({!…}) are not supported")
        name, colon, rest = _split_field(value)
        if colon:
            if field is not None:
                raise SearchQueryError(f"a field inside {field}:(…) is not supported: {value}")
            if name == "*" and rest == "*":
                return All()
            _check_field(name)
            if rest:
                return self.value(name, _unescape(rest), quoted=False)
            following, text = self.peek()
            if following == "phrase":
                self.take()
                return self.value(name, _unescape(text[1:-1]), quoted=True)
            if following == "range":
                self.take()
                return _range(name, text)
            if following == "open":
                self.take()
                node = self.or_expression(name)
                if self.take()[0] != "close":
                    raise SearchQueryError("unbalanced parentheses")
                return node
            raise SearchQueryError(f"no value after {name}:")
        return self.value(field, _unescape(value), quoted=False)

    def value(self, field: str | None, value: str, *, quoted: bool):
        if not quoted:
            if value == "*":
                return All() if field is None else Exists(field)
            if re.search(r"(?<!\\)[*?]", value):
                raise SearchQueryError(f"wildcards are supported only as field:* ({value})")
            if "~" in value or "^" in value:
                raise SearchQueryError(f"fuzzy (~) and boosted (^) terms are not supported ({value})")
            if value.startswith("/"):
                raise SearchQueryError("regular expressions are not supported")
        if field is None or field in TEXT_FIELDS:
            return Text(value)
        if field in DATE_FIELDS:
            return Range(field, *(2 * [parse_date(value)]), True, True)
        if field in NUMBER_FIELDS:
            number = parse_number(field, value)
            return Range(field, number, number, True, True)
        return Field(field, value)


def _split_field(word: str) -> tuple[str, bool, str]:
    """`name:value` → (name, True, value) when the word starts with a field name and a colon
    (unescaped); else (word, False, "")."""
    if word.startswith("*:"):
        return "*", True, word[2:]
    match = FIELD_RE.match(word)
    if match and word[match.end() : match.end() + 1] == ":":
        return match.group(), True, word[match.end() + 1 :]
    return word, False, ""


def _check_field(name: str) -> None:
    if name in FIELDS or (name.startswith(EXTRAS_PREFIX) and len(name) > len(EXTRAS_PREFIX)):
        return
    raise SearchQueryError(f"undefined field {name}")


RANGE_RE = re.compile(r"^([\[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$")


def _range(field: str, text: str) -> Range:
    match = RANGE_RE.match(text)
    if not match:
        raise SearchQueryError(f"cannot parse range {text}: write [a TO b] or {{a TO b}}")
    if field not in DATE_FIELDS | NUMBER_FIELDS:
        raise SearchQueryError(
            f"ranges are supported on {', '.join(sorted(DATE_FIELDS | NUMBER_FIELDS))}, not on {field}"
        )
    opening, low, high, closing = match.groups()
    convert = parse_date if field in DATE_FIELDS else (lambda value: parse_number(field, value))
    return Range(
        field,
        None if low == "*" else convert(_unescape(low)),
        None if high == "*" else convert(_unescape(high)),
        opening == "[",
        closing == "]",
    )


DATE_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$"
)
NOW_RE = re.compile(r"^NOW((?:[+-]\d+[A-Z]+|/[A-Z]+)*)$")
MATH_RE = re.compile(r"([+-])(\d+)([A-Z]+)|/([A-Z]+)")
UNITS = {
    "YEAR": "years",
    "MONTH": "months",
    "DAY": "days",
    "HOUR": "hours",
    "MINUTE": "minutes",
    "SECOND": "seconds",
}


def parse_date(text: str) -> datetime.datetime:
    """ISO 8601 in UTC as Solr takes it (`2020-01-01T00:00:00Z`, fractions allowed; a date alone is
    its midnight UTC) or Solr date math on NOW (`NOW-7DAYS`, `NOW/DAY`)."""
    now = NOW_RE.match(text)
    if now:
        return _date_math(timezone.now().astimezone(datetime.UTC), now.group(1))
    match = DATE_RE.match(text)
    if not match:
        raise SearchQueryError(f"invalid date {text!r}: write it as 2020-01-01T00:00:00Z")
    day, time, zone = match.groups()
    time, _dot, fraction = (time or "00:00:00").partition(".")
    if len(time) == 5:
        time += ":00"
    if fraction:  # Python reads at most microseconds
        time += "." + fraction[:6].ljust(6, "0")
    zone = "+00:00" if zone in (None, "Z") else zone
    try:
        return datetime.datetime.fromisoformat(f"{day}T{time}{zone}").astimezone(datetime.UTC)
    except ValueError:
        raise SearchQueryError(f"invalid date {text!r}: write it as 2020-01-01T00:00:00Z") from None


def _date_math(moment: datetime.datetime, math: str) -> datetime.datetime:
    for sign, amount, unit, rounding in MATH_RE.findall(math):
        name = UNITS.get((unit or rounding).rstrip("S"))
        if name is None:
            raise SearchQueryError(f"unknown date unit {unit or rounding}")
        if rounding:
            fields = ["month", "day", "hour", "minute", "second", "microsecond"]
            keep = {"years": 0, "months": 1, "days": 2, "hours": 3, "minutes": 4, "seconds": 5}[name]
            reset = {f: (1 if f in {"month", "day"} else 0) for f in fields[keep:]}
            moment = moment.replace(**reset)
            continue
        step = int(amount) * (1 if sign == "+" else -1)
        if name in {"years", "months"}:
            months = moment.month - 1 + step * (12 if name == "years" else 1)
            year, month = moment.year + months // 12, months % 12 + 1
            try:
                moment = moment.replace(year=year, month=month)
            except ValueError:  # 31 Jan + 1 month: the month's last day, as Solr does
                moment = moment.replace(year=year, month=month, day=28)
        else:
            moment += datetime.timedelta(**{name: step})
    return moment


def parse_number(field: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SearchQueryError(f"{field}: {text!r} is not a whole number") from None


def parse(text: str):
    """The tree of a `q` or `fq` value; None when it asks for nothing (empty, spaces)."""
    if not (text or "").strip():
        return None
    return _Parser(text).parse()
