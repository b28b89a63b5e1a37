"""The applicant of a paper form: found in the residents' records by My Number, else by name in
katakana and date of birth, else recorded as a new resident (as staff do at the counter)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from madoguchi.core import mynumber
from madoguchi.core.events import record_event
from madoguchi.core.models import Person


def _prefilled(version, data: dict) -> dict[str, str]:
    """person attribute → the value the form holds for it (ui_schema `prefill: person.x`)."""
    found: dict[str, str] = {}
    for path, spec in ((version.ui_schema or {}).get("fields") or {}).items():
        source = str(spec.get("prefill", ""))
        if not source.startswith("person."):
            continue
        value: object = data
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str) and value.strip():
            found[source.split(".", 1)[1]] = value.strip()
    return found


def _my_number(version, data: dict) -> str:
    for key, prop in _leaves(version.schema or {}, ""):
        if prop.get("format") == "my-number":
            value: object = data
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str) and value:
                return value
    return ""


def _leaves(schema: dict, prefix: str):
    for key, prop in (schema.get("properties") or {}).items():
        if prop.get("type") == "object":
            yield from _leaves(prop, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", prop


def _split(full: str) -> tuple[str, str]:
    parts = full.replace("\u3000", " ").split(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (full, "")


def applicant_for(version, data: dict, *, by) -> Person:
    """The Person a verified form is from (call inside the accept's transaction)."""
    number = _my_number(version, data)
    if number:
        person = mynumber.find_by_my_number(number)
        if person is not None:
            return person
    values = _prefilled(version, data)
    family, given = _split(values.get("full_name", ""))
    family_kana, given_kana = _split(values.get("full_name_kana", ""))
    family = values.get("family_name", family)
    given = values.get("given_name", given)
    family_kana = values.get("family_name_kana", family_kana)
    given_kana = values.get("given_name_kana", given_kana)
    try:
        birth = date.fromisoformat(values["birth_date"]) if values.get("birth_date") else None
    except ValueError:
        birth = None
    if family_kana and birth:
        person = Person.objects.filter(
            family_name_kana=family_kana, given_name_kana=given_kana, birth_date=birth
        ).first()
        if person is not None:
            return person
    if not family:
        raise ValidationError(_("申請者の氏名が読み取れていません。氏名の項目を確認してください。"))
    person = Person.objects.create(
        family_name=family[:40],
        given_name=given[:40],
        family_name_kana=family_kana[:60],
        given_name_kana=given_kana[:60],
        birth_date=birth,
        postal_code=values.get("postal_code", "")[:8],
        address=values.get("address", "")[:200],
        phone=values.get("phone", "")[:20],
        email=values.get("email", "")[:254],
    )
    record_event(person, verb="person_registered", actor=by, data={"surface": "paper"})
    if number:
        mynumber.set_my_number(person, number, by=by)
    return person
