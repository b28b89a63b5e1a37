"""Server-side validation of form data against a procedure's JSON Schema, with Japanese formats.

`validate_form_data(schema, data)` raises `FormDataError` (a Django ValidationError) whose
`error_dict` maps dotted field paths ("recipient.postal_code", "status.list.0.birth_date") to
messages a resident can act on, in the active language. Custom formats:
jp-postal-code, jp-phone, katakana, my-number, date (ISO), email.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from madoguchi.core.japanese import (
    JapaneseInputError,
    is_katakana,
    normalize_phone,
    validate_birth_date,
    validate_my_number,
)
from madoguchi.core.japanese.birthdate import today_jst

POSTAL_RE = re.compile(r"^\d{3}-\d{4}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NON_FIELD = "__all__"

format_checker = FormatChecker(formats=())


@format_checker.checks("jp-postal-code")
def _postal(value) -> bool:
    return not isinstance(value, str) or bool(POSTAL_RE.fullmatch(value))


@format_checker.checks("jp-phone")
def _phone(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return normalize_phone(value) == value
    except JapaneseInputError:
        return False


@format_checker.checks("katakana")
def _katakana(value) -> bool:
    return not isinstance(value, str) or is_katakana(value)


@format_checker.checks("my-number")
def _my_number(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return validate_my_number(value) == value
    except JapaneseInputError:
        return False


@format_checker.checks("date")
def _date(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@format_checker.checks("email")
def _email(value) -> bool:
    return not isinstance(value, str) or bool(EMAIL_RE.fullmatch(value))


FORMAT_MESSAGES = {
    "jp-postal-code": lambda: _("郵便番号は7桁の数字で入力してください（例：185-8501）。"),
    "jp-phone": lambda: _("電話番号は市外局番から数字とハイフンで入力してください（例：042-325-0111）。"),
    "katakana": lambda: _("全角カタカナで入力してください（例：コクブ　タロウ）。"),
    "my-number": lambda: _(
        "個人番号（マイナンバー）が正しくありません。マイナンバーカードの12桁の番号を確かめてください。"
    ),
    "date": lambda: _("日付は「2025-04-01」または「令和7年4月1日」の形で入力してください。"),
    "email": lambda: _("メールアドレスの形式が正しくありません（例：taro@example.jp）。"),
}


class FormDataError(ValidationError):
    """Invalid form data: `error_dict` maps field paths to messages."""


def title_of(schema: dict, fallback: str = "") -> str:
    if get_language() == "en" and schema.get("x-title-en"):
        return schema["x-title-en"]
    return schema.get("title") or fallback


def description_of(schema: dict) -> str:
    if get_language() == "en" and schema.get("x-description-en"):
        return schema["x-description-en"]
    return schema.get("description", "")


def _schema_at(root: dict, path: list[str]) -> dict:
    """The subschema describing the instance at `path` (through properties and items)."""
    schema = root
    for part in path:
        if not isinstance(schema, dict):
            return {}
        if part.isdigit() and isinstance(schema.get("items"), dict):
            schema = schema["items"]
        else:
            schema = (schema.get("properties") or {}).get(part, {})
    return schema if isinstance(schema, dict) else {}


def _message(error, root: dict) -> tuple[str, str]:
    """(field path, message) for one jsonschema error."""
    path = [str(p) for p in error.absolute_path]
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "title" not in schema:
        schema = {**_schema_at(root, path), **schema}
    label = title_of(schema, path[-1] if path else "")
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        parent = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        sub = parent.get(missing) or _schema_at(root, [*path, missing])
        field = ".".join([*path, missing])
        if sub.get("type") == "boolean" or sub.get("const") is True:
            return field, _("「%(label)s」を確認してチェックしてください。") % {
                "label": title_of(sub, missing)
            }
        if sub.get("enum") or sub.get("type") == "array":
            return field, _("「%(label)s」を選んでください。") % {"label": title_of(sub, missing)}
        return field, _("「%(label)s」を入力してください。") % {"label": title_of(sub, missing)}
    field = ".".join(path) or NON_FIELD
    if v == "format":
        return field, FORMAT_MESSAGES.get(error.validator_value, lambda: _("形式が正しくありません。"))()
    if v == "pattern":
        hint = description_of(schema)
        if hint:
            return field, _("「%(label)s」は%(hint)sで入力してください。") % {"label": label, "hint": hint}
        return field, _("「%(label)s」の形式が正しくありません。") % {"label": label}
    if v == "maxLength":
        return field, _("「%(label)s」は%(n)s文字以内で入力してください。") % {
            "label": label,
            "n": error.validator_value,
        }
    if v == "minLength":
        return field, _("「%(label)s」を入力してください。") % {"label": label}
    if v in ("minimum", "exclusiveMinimum"):
        return field, _("「%(label)s」は%(n)s以上の数で入力してください。") % {
            "label": label,
            "n": error.validator_value,
        }
    if v in ("maximum", "exclusiveMaximum"):
        return field, _("「%(label)s」は%(n)s以下の数で入力してください。") % {
            "label": label,
            "n": error.validator_value,
        }
    if v == "enum":
        return field, _("「%(label)s」は選択肢の中から選んでください。") % {"label": label}
    if v == "const":
        if error.validator_value is True:
            return field, _("「%(label)s」を確認してチェックしてください。") % {"label": label}
        return field, _("「%(label)s」の値が正しくありません。") % {"label": label}
    if v == "type":
        expected = error.validator_value
        if expected == "integer" or expected == "number":
            return field, _("「%(label)s」は半角数字で入力してください。") % {"label": label}
        if expected == "boolean":
            return field, _("「%(label)s」ははい・いいえで答えてください。") % {"label": label}
        return field, _("「%(label)s」の形式が正しくありません。") % {"label": label}
    if v == "minItems":
        return field, _("「%(label)s」を%(n)s件以上入力してください。") % {
            "label": label,
            "n": error.validator_value,
        }
    if v == "maxItems":
        return field, _("「%(label)s」は%(n)s件までです。") % {"label": label, "n": error.validator_value}
    if v == "uniqueItems":
        return field, _("「%(label)s」に同じものが重複しています。") % {"label": label}
    if v == "additionalProperties":
        return field, _("この様式にない項目が送信されました。画面を開き直して入力してください。")
    if v == "anyOf":
        return field, _("「%(label)s」のいずれかを選んでください。") % {"label": label}
    return field, _("「%(label)s」の入力内容を確認してください。") % {"label": label or _("入力内容")}


def _leaf_errors(error):
    # if/then, allOf and anyOf wrap the real problem; report the innermost ones.
    if error.validator in ("allOf", "if", "then") and error.context:
        for sub in error.context:
            yield from _leaf_errors(sub)
    else:
        yield error


def collect_errors(schema: dict, data) -> dict[str, list[str]]:
    validator = Draft202012Validator(schema, format_checker=format_checker)
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(data):
        for leaf in _leaf_errors(error):
            field, message = _message(leaf, schema)
            if message not in errors.setdefault(field, []):
                errors[field].append(message)
    for field, message in [
        *_future_birth_dates(schema, data),
        *_date_rules(schema, data),
        *_age_rules(schema, data),
    ]:
        if field not in errors:
            errors[field] = [message]
    return errors


def _date_rules(root: dict, data):
    """(field path, message) for a date of a step that breaks its schema's date rules:

    - `"x-not-before": "step.field"`: not before that other date (来庁予定日 not before the move);
    - `"x-days-from-today": {"min": m, "max": n}`: between m and n days from today (JST), e.g. a
      renewal accepted from 60 days before the period ends; `x-date-message` (`-en`) says why.
    """
    if not isinstance(data, dict):
        return
    for step, step_schema in (root.get("properties") or {}).items():
        answers = data.get(step)
        if not isinstance(answers, dict):
            continue
        for name, schema in (step_schema.get("properties") or {}).items():
            value = answers.get(name)
            if schema.get("format") != "date" or not (isinstance(value, str) and _date(value)):
                continue
            day = datetime.date.fromisoformat(value)
            other = schema.get("x-not-before")
            if isinstance(other, str) and other.count(".") == 1:
                other_step, other_name = other.split(".")
                before = (
                    (data.get(other_step) or {}).get(other_name)
                    if isinstance(data.get(other_step), dict)
                    else None
                )
                if isinstance(before, str) and _date(before) and day < datetime.date.fromisoformat(before):
                    other_schema = _schema_at(root, [other_step, other_name])
                    yield (
                        f"{step}.{name}",
                        _("「%(field)s」は「%(other)s」より前の日付にはできません。")
                        % {"field": title_of(schema, name), "other": title_of(other_schema, other_name)},
                    )
            window = schema.get("x-days-from-today")
            if isinstance(window, dict):
                days = (day - today_jst()).days
                low, high = window.get("min"), window.get("max")
                if (isinstance(low, int) and days < low) or (isinstance(high, int) and days > high):
                    custom = schema.get("x-date-message-en") if get_language() == "en" else None
                    yield (
                        f"{step}.{name}",
                        custom
                        or schema.get("x-date-message")
                        or _("「%(field)s」の日付を確認してください。") % {"field": title_of(schema, name)},
                    )


def _is_birth_date(key: str, schema: dict) -> bool:
    # Every form names its birth dates birth_date / <who>_birth_date, titled 「…生年月日」.
    return key == "birth_date" or key.endswith("_birth_date") or "生年月日" in str(schema.get("title", ""))


def _future_birth_dates(root: dict, data, path: tuple[str, ...] = ()):
    """(field path, message) for each birth date in `data` that lies after today (JST)."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = ((str(i), v) for i, v in enumerate(data))
    else:
        return
    for key, value in items:
        field = (*path, str(key))
        if isinstance(value, dict | list):
            yield from _future_birth_dates(root, value, field)
            continue
        schema = _schema_at(root, list(field))
        if not (isinstance(value, str) and schema.get("format") == "date" and _date(value)):
            continue
        if not _is_birth_date(str(key), schema):
            continue
        try:
            validate_birth_date(datetime.date.fromisoformat(value))
        except JapaneseInputError as error:
            yield ".".join(field), str(error)


def validate_form_data(schema: dict, data) -> None:
    """Raise FormDataError with per-field messages unless `data` satisfies `schema`."""
    if not isinstance(data, dict):
        raise FormDataError({NON_FIELD: [_("申請内容の形式が正しくありません。")]})
    errors = collect_errors(schema, data)
    if errors:
        raise FormDataError(errors)


def _age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _age_rules(root: dict, data):
    """(field path, message) for a choice of a step whose answer needs an age the birth date
    does not give: `"x-age-ranges": {"birth_date": "step.field", "ranges": {answer: [min, max]},
    "message": …, "message_en": …}` (max may be null). The age is counted as the law counts it
    (年齢計算ニ関スル法律: one turns N on the day before the birthday, so 65 on that day)."""
    if not isinstance(data, dict):
        return
    for step, step_schema in (root.get("properties") or {}).items():
        answers = data.get(step)
        if not isinstance(answers, dict):
            continue
        for name, schema in (step_schema.get("properties") or {}).items():
            rule = schema.get("x-age-ranges")
            answer = answers.get(name)
            if not isinstance(rule, dict) or not isinstance(answer, str):
                continue
            bounds = (rule.get("ranges") or {}).get(answer)
            where = str(rule.get("birth_date", ""))
            if not isinstance(bounds, list) or where.count(".") != 1:
                continue
            holder = data.get(where.split(".")[0])
            born = holder.get(where.split(".")[1]) if isinstance(holder, dict) else None
            if not (isinstance(born, str) and _date(born)):
                continue
            age = _age_on(datetime.date.fromisoformat(born), today_jst() + datetime.timedelta(days=1))
            low, high = (bounds + [None, None])[:2]
            if (isinstance(low, int) and age < low) or (isinstance(high, int) and age > high):
                message = rule.get("message_en") if get_language() == "en" else None
                yield (
                    f"{step}.{name}",
                    message
                    or rule.get("message")
                    or _("「%(field)s」が生年月日と合いません。") % {"field": title_of(schema, name)},
                )
