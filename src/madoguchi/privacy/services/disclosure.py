"""開示請求 (個人情報保護法 第76条): what the city holds about a resident, as one export.

The resident downloads their own from their page; a request made on paper is answered by the
office (`security.manage`, 情報管理課), which identifies the resident, records the request and
hands over the same export (the read is audited and shows in the access review). Each app says
what it holds through its public `retention.records_of(person)`; the 個人番号 never appears, only
whether one is recorded.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications_services
from madoguchi.assistant import services as assistant_services
from madoguchi.core import audit, csvsafe
from madoguchi.core.events import record_event
from madoguchi.core.models import Person
from madoguchi.counter import services as counter_services
from madoguchi.delivery import services as delivery_services
from madoguchi.learning import services as learning_services
from madoguchi.participation import services as participation_services

from ..events import Verb
from ..models import DisclosureRequest
from .security import _require_office

FORMATS = DisclosureRequest.Format.values


def _person_section(person: Person) -> dict:
    return {
        "family_name": person.family_name,
        "given_name": person.given_name,
        "family_name_kana": person.family_name_kana,
        "given_name_kana": person.given_name_kana,
        "birth_date": person.birth_date,
        "gender": person.get_gender_display(),
        "postal_code": person.postal_code,
        "address": person.address,
        "phone": person.phone,
        "email": person.email,
        "household": person.household.number if person.household else "",
        "relationship": person.relationship,
        "my_number_recorded": person.has_my_number,  # never the number itself
    }


def records_of(person: Person) -> dict:
    """Every record the city holds about `person`, section by section."""
    sections: dict = {"person": [_person_section(person)]}
    for source in (
        applications_services.retention,
        delivery_services.retention,
        participation_services.retention,
        counter_services.retention,
        learning_services.retention,
        assistant_services.retention,
    ):
        sections.update(source.records_of(person))
    return {"generated_at": timezone.now(), "records": sections}


def as_json(export: dict) -> str:
    return json.dumps(export, ensure_ascii=False, indent=1, default=str)


def as_csv(export: dict) -> str:
    """One row per value: section, record number, field, value (nested values as JSON)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "record", "field", "value"])
    for section, rows in export["records"].items():
        for n, row in enumerate(rows, start=1):
            for field, value in row.items():
                if isinstance(value, dict | list):
                    value = json.dumps(value, ensure_ascii=False, default=str)
                writer.writerow(csvsafe.row([section, n, field, "" if value is None else value]))
    return out.getvalue()


def render(export: dict, fmt: str) -> tuple[str, str, str]:
    """(body, content type, file name) of the export in `fmt`."""
    if fmt == "csv":
        return "\ufeff" + as_csv(export), "text/csv; charset=utf-8", "my-records.csv"
    return as_json(export), "application/json; charset=utf-8", "my-records.json"


def own_records(user, *, fmt: str) -> tuple[str, str, str]:
    """The resident's own export (their login's Person)."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        raise ValidationError(_("住民としてログインしてください。"))
    if fmt not in FORMATS:
        raise ValidationError({"format": [_("形式は JSON か CSV を選んでください。")]})
    return render(records_of(person), fmt)


def find_requester(*, family_name: str, given_name: str, birth_date: date) -> Person:
    """The resident a paper request names: exactly one Person with this name and birth date."""
    found = list(
        Person.objects.filter(
            family_name=family_name.strip(), given_name=given_name.strip(), birth_date=birth_date
        )[:2]
    )
    if not found:
        raise ValidationError(_("この氏名と生年月日の住民は見つかりません。請求書の記載を確認してください。"))
    if len(found) > 1:
        raise ValidationError(_("この氏名と生年月日の住民が複数います。住民記録の担当課に確認してください。"))
    return found[0]


@transaction.atomic
def answer_disclosure_request(
    *, by, person: Person, reference: str, received_on: date, fmt: str
) -> tuple[DisclosureRequest, tuple[str, str, str]]:
    """開示請求（書面）への対応: record the request and produce the export for the resident."""
    _require_office(by)
    if not (reference or "").strip():
        raise ValidationError({"reference": [_("請求書の整理番号を入力してください。")]})
    if fmt not in FORMATS:
        raise ValidationError({"format": [_("形式は JSON か CSV を選んでください。")]})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": [_("受付日に未来の日付は指定できません。")]})
    request = DisclosureRequest.objects.create(
        person=person, reference=reference.strip(), received_on=received_on, format=fmt, answered_by=by
    )
    audit.append(action="personal_data_read", actor=by, object_type="core.person", object_id=str(person.pk))
    record_event(request, verb=Verb.DISCLOSURE_ANSWERED, actor=by, data={"format": fmt})
    return request, render(records_of(person), fmt)


def disclosure_requests():
    return DisclosureRequest.objects.select_related("answered_by")
