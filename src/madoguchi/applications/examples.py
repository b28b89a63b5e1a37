"""Example form data that satisfies a procedure's schema (tests, the demo city, the benchmark).

Every property gets a plausible value, so conditional requirements (if/then) are met too.
"""

from __future__ import annotations

import datetime
import re

from madoguchi.core.japanese import my_number_check_digit
from madoguchi.core.japanese.birthdate import today_jst

EXAMPLE_MY_NUMBER = "12345678901" + str(my_number_check_digit("12345678901"))
_DIGITS_RE = re.compile(r"^\^\[0-9\]\{(\d+)\}\$$")


def _string(name: str, schema: dict) -> str:
    fmt = schema.get("format")
    if fmt == "date" and isinstance(schema.get("x-days-from-today"), dict):
        # a date the form accepts only near today (a renewal's period end): the earliest it takes
        return (
            today_jst() + datetime.timedelta(days=schema["x-days-from-today"].get("min") or 0)
        ).isoformat()
    if fmt == "date":
        return "2020-04-01"
    if fmt == "katakana":
        return "コクブ　タロウ"
    if fmt == "jp-phone":
        return "042-325-0111"
    if fmt == "jp-postal-code":
        return "185-0012"
    if fmt == "my-number":
        return EXAMPLE_MY_NUMBER
    if fmt == "email":
        return "taro@example.jp"
    pattern = schema.get("pattern", "")
    match = _DIGITS_RE.match(pattern)
    if match:
        return "1" * int(match.group(1))
    if "0[1-9]|1[0-2]" in pattern:
        return "2025-06"
    text = (
        "国分　太郎"
        if "name" in name
        else "東京都国分寺市本町二丁目1番1号"
        if "address" in name
        else "記入例"
    )
    return text[: schema.get("maxLength", 200)]


def example_value(name: str, schema: dict):
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {key: example_value(key, sub) for key, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        items = schema.get("items") or {}
        if items.get("enum"):
            return [items["enum"][0]]
        return [example_value(name, items)]
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return (
            max(int(schema.get("minimum", 1)), 1)
            if schema.get("maximum", 10**9) >= 1
            else int(schema.get("minimum", 0))
        )
    return _string(name, schema)


def example_data(schema: dict) -> dict:
    data = example_value("", schema)
    for step, step_schema in (schema.get("properties") or {}).items():
        for name, field in (step_schema.get("properties") or {}).items():
            rule = field.get("x-age-ranges")
            if isinstance(rule, dict) and isinstance(data.get(step), dict):
                set_age_for(schema, data, step, name, data[step].get(name))
    return data


def set_age_for(schema: dict, data: dict, step: str, name: str, answer) -> None:
    """Give the birth date an `x-age-ranges` choice reads an age its `answer` accepts (the youngest)."""
    rule = schema["properties"][step]["properties"][name]["x-age-ranges"]
    low = ((rule.get("ranges") or {}).get(answer) or [0])[0] or 0
    where_step, where_name = rule["birth_date"].split(".")
    birth = datetime.date(today_jst().year - low, 1, 1)  # aged `low` (or `low` + 1 on 31 December)
    data.setdefault(where_step, {})[where_name] = birth.isoformat()
