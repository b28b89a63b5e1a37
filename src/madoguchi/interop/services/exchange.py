"""File exchange with the resident registry (住民記録システム) in CSV layouts after the standard
data requirements (標準仕様書「データ要件」): persons, households, address changes — and the
entitlements the 児童手当 and 介護保険 systems hold. The layouts and where they come from are in
docs/interop.md.

Taking a file in updates the core system's rows as this city hall keeps them (RegistryPerson,
RegistryHousehold…: what the exchange adapter of `core.residents` reads) and lists every
difference from this system's Person and Household as a conflict. Nothing is written back to a
Person without staff confirmation: `apply_conflict` goes through `core.people.change_person`."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access, csvsafe
from madoguchi.core.events import record_event
from madoguchi.core.japanese import to_fullwidth_katakana
from madoguchi.core.models import Household, Person
from madoguchi.core.people import change_person, record_staff_read

from ..models import (
    Conflict,
    RegistryAddressChange,
    RegistryEntitlement,
    RegistryFile,
    RegistryHousehold,
    RegistryPerson,
)

L = RegistryFile.Layout

# Column names of each layout (the first row of the file), in order.
LAYOUTS: dict[str, list[str]] = {  # keyed by the layout's value
    L.PERSONS: [
        "宛名番号",
        "住民票コード",
        "世帯番号",
        "氏名_氏",
        "氏名_名",
        "氏名_氏_フリガナ",
        "氏名_名_フリガナ",
        "生年月日",
        "性別",
        "続柄",
        "郵便番号",
        "住所",
        "住民状態",
        "個人番号カード交付",
    ],
    L.HOUSEHOLDS: ["世帯番号", "世帯主_宛名番号", "郵便番号", "住所"],
    L.ADDRESS_CHANGES: ["宛名番号", "異動日", "異動事由", "郵便番号", "住所", "前住所"],
    L.ENTITLEMENTS: ["宛名番号", "資格種別", "開始日", "終了日", "区分"],
}
REQUIRED: dict[str, set[str]] = {
    L.PERSONS: {"宛名番号", "氏名_氏", "氏名_名", "生年月日"},
    L.HOUSEHOLDS: {"世帯番号", "住所"},
    L.ADDRESS_CHANGES: {"宛名番号", "異動日", "異動事由", "住所"},
    L.ENTITLEMENTS: {"宛名番号", "資格種別"},
}
ORDER: list[str] = [
    L.HOUSEHOLDS,
    L.PERSONS,
    L.ADDRESS_CHANGES,
    L.ENTITLEMENTS,
]  # a sync takes them in this order

# The Person fields compared with the registry (the household by its number).
PERSON_FIELDS = [
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "gender",
    "relationship",
    "postal_code",
    "address",
    "household",
]
HOUSEHOLD_FIELDS = ["postal_code", "address"]


class LayoutError(ValueError):
    """The file is not one of the layouts (the message says which columns are missing)."""


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):  # UTF-8, or Shift_JIS as many core systems still write
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LayoutError(_("文字コードを読めません（UTF-8 または Shift_JIS にしてください）。"))


def detect_layout(header: list[str]) -> str:
    columns = {h.strip() for h in header}
    for layout in ORDER:
        if REQUIRED[layout] <= columns:
            if layout == L.HOUSEHOLDS and "宛名番号" in columns:
                continue
            return layout
    raise LayoutError(
        _("住民記録の連携ファイルのレイアウトではありません（1行目の項目名を確認してください）。")
    )


def _date(value: str) -> datetime.date | None:
    value = (value or "").strip().replace("/", "-")
    if not value:
        return None
    if len(value) == 8 and value.isdigit():
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise LayoutError(
            _("日付「%(value)s」を読めません（例：2024-04-01 または 20240401）。") % {"value": value}
        ) from None


def _kana(value: str) -> str:
    return to_fullwidth_katakana(unicodedata.normalize("NFKC", value or "")).strip()


def _postal(value: str) -> str:
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", value or "") if ch.isdigit())
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else (value or "").strip()


@dataclass
class FileResult:
    file: RegistryFile
    conflicts: list[Conflict]


def import_file(name: str, content: bytes, *, by=None) -> FileResult:
    """Take one standard-layout CSV in (the layout is recognised from its header row)."""
    if by is not None:
        access.require_anywhere(by, access.INTEROP_REGISTRY)
    rows = list(csv.reader(io.StringIO(_decode(content))))
    if not rows:
        raise LayoutError(_("空のファイルです。"))
    layout = detect_layout(rows[0])
    header = [h.strip() for h in rows[0]]
    records = [dict(zip(header, (c.strip() for c in row), strict=False)) for row in rows[1:] if any(row)]
    with transaction.atomic():
        registry_file = RegistryFile.objects.create(
            name=name[:200],
            layout=layout,
            sha256=hashlib.sha256(content).hexdigest(),
            rows=len(records),
            imported_by=by if by is not None and by.is_authenticated else None,
        )
        conflicts: list[Conflict] = []
        updated = 0
        for n, record in enumerate(records, start=2):
            try:
                changed, found = IMPORTERS[layout](record, registry_file)
            except LayoutError as error:
                raise LayoutError(_("%(line)s行目: %(error)s") % {"line": n, "error": error}) from None
            updated += changed
            conflicts.extend(found)
        registry_file.updated = updated
        registry_file.conflicts = len(conflicts)
        registry_file.save(update_fields=["updated", "conflicts"])
        record_event(
            registry_file,
            verb="registry_file_imported",
            actor=by,
            data={"layout": layout, "rows": len(records), "updated": updated, "conflicts": len(conflicts)},
        )
    return FileResult(registry_file, conflicts)


def _upsert(model, key: dict, values: dict):
    row = model.objects.filter(**key).first()
    if row is None:
        return model.objects.create(**key, **values), True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save()
    return row, bool(changed)


def _conflict(source, *, field: str, registry_value, local_value, **subject) -> Conflict | None:
    """Open (or refresh) the conflict for this field; an open one about the same field is updated."""
    registry_value, local_value = str(registry_value or "")[:200], str(local_value or "")[:200]
    open_ = Conflict.objects.filter(state=Conflict.State.OPEN, field=field, **subject).first()
    if open_ is not None:
        if (open_.registry_value, open_.local_value) != (registry_value, local_value):
            open_.registry_value, open_.local_value, open_.source = registry_value, local_value, source
            open_.save(update_fields=["registry_value", "local_value", "source"])
        return open_
    return Conflict.objects.create(
        field=field, registry_value=registry_value, local_value=local_value, source=source, **subject
    )


def _settle(subject: dict, differing: set[str]) -> None:
    """Open conflicts about fields that agree again are no longer conflicts."""
    Conflict.objects.filter(state=Conflict.State.OPEN, **subject).exclude(field__in=differing).exclude(
        field=""
    ).delete()


def _match(row: RegistryPerson) -> Person | None:
    if row.person_id:
        return row.person
    people = Person.objects.filter(
        family_name_kana=row.family_name_kana, given_name_kana=row.given_name_kana, birth_date=row.birth_date
    )
    if not row.family_name_kana:
        people = Person.objects.filter(
            family_name=row.family_name, given_name=row.given_name, birth_date=row.birth_date
        )
    found = list(
        people.exclude(pk__in=RegistryPerson.objects.filter(person__isnull=False).values("person"))[:2]
    )
    return found[0] if len(found) == 1 else None


def _local(person: Person, name: str):
    if name == "household":
        return person.household.number if person.household is not None else ""
    value = getattr(person, name)
    if name in ("family_name_kana", "given_name_kana"):
        return _kana(value)
    return value.isoformat() if isinstance(value, datetime.date) else value


def _registry(row: RegistryPerson, name: str):
    if name == "household":
        return row.household_number
    value = getattr(row, name)
    return value.isoformat() if isinstance(value, datetime.date) else value


def _person(record: dict, source: RegistryFile):
    status = record.get("住民状態") or RegistryPerson.Status.RESIDENT
    card = (record.get("個人番号カード交付") or "").strip()
    values = {
        "resident_code": record.get("住民票コード", "")[:11],
        "household_number": record.get("世帯番号", "")[:20],
        "family_name": record["氏名_氏"][:40],
        "given_name": record["氏名_名"][:40],
        "family_name_kana": _kana(record.get("氏名_氏_フリガナ", ""))[:60],
        "given_name_kana": _kana(record.get("氏名_名_フリガナ", ""))[:60],
        "birth_date": _date(record["生年月日"]),
        "gender": int(record.get("性別") or 0) if (record.get("性別") or "0").isdigit() else 0,
        "relationship": record.get("続柄", "")[:20],
        "postal_code": _postal(record.get("郵便番号", ""))[:8],
        "address": record.get("住所", "")[:200],
        "status": status if status in RegistryPerson.Status.values else RegistryPerson.Status.OTHER,
        "card_holder": None if card == "" else card in ("1", "有", "交付済"),
    }
    row, changed = _upsert(RegistryPerson, {"atena": record["宛名番号"][:20]}, values)
    person = _match(row)
    if person is None:
        if row.status != RegistryPerson.Status.RESIDENT:
            return changed, []
        found = _conflict(
            source,
            field="",
            registry_value=f"{row.family_name}\u3000{row.given_name}",
            local_value="",
            registry_person=row,
        )
        return changed, [found] if found else []
    if row.person_id != person.pk:
        row.person = person
        row.save(update_fields=["person"])
    Conflict.objects.filter(registry_person=row, field="", state=Conflict.State.OPEN).delete()
    conflicts, differing = [], set()
    for name in PERSON_FIELDS:
        registry_value, local_value = _registry(row, name), _local(person, name)
        if name == "household" and not registry_value:
            continue
        if str(registry_value or "") != str(local_value or ""):
            differing.add(name)
            conflicts.append(
                _conflict(
                    source,
                    field=name,
                    registry_value=registry_value,
                    local_value=local_value,
                    registry_person=row,
                    person=person,
                )
            )
    _settle({"registry_person": row}, differing)
    return changed, conflicts


def _household(record: dict, source: RegistryFile):
    values = {
        "head_atena": record.get("世帯主_宛名番号", "")[:20],
        "postal_code": _postal(record.get("郵便番号", ""))[:8],
        "address": record["住所"][:200],
    }
    row, changed = _upsert(RegistryHousehold, {"number": record["世帯番号"][:20]}, values)
    ours = Household.objects.filter(number=row.number).first()
    if ours is None:
        return changed, []
    conflicts, differing = [], set()
    for name in HOUSEHOLD_FIELDS:
        if str(getattr(row, name) or "") != str(getattr(ours, name) or ""):
            differing.add(name)
            conflicts.append(
                _conflict(
                    source,
                    field=name,
                    registry_value=getattr(row, name),
                    local_value=getattr(ours, name),
                    registry_household=row,
                    household=ours,
                )
            )
    _settle({"registry_household": row}, differing)
    return changed, conflicts


def _address_change(record: dict, source: RegistryFile):
    _row, created = RegistryAddressChange.objects.get_or_create(
        atena=record["宛名番号"][:20],
        changed_on=_date(record["異動日"]),
        reason=record["異動事由"][:20],
        address=record["住所"][:200],
        defaults={
            "postal_code": _postal(record.get("郵便番号", ""))[:8],
            "previous_address": record.get("前住所", "")[:200],
        },
    )
    return created, []


def _entitlement(record: dict, source: RegistryFile):
    _row, changed = _upsert(
        RegistryEntitlement,
        {"atena": record["宛名番号"][:20], "kind": record["資格種別"][:40]},
        {
            "valid_from": _date(record.get("開始日", "")),
            "valid_until": _date(record.get("終了日", "")),
            "detail": record.get("区分", "")[:60],
        },
    )
    return changed, []


IMPORTERS: dict[str, Callable[[dict, RegistryFile], tuple[bool, list]]] = {
    L.PERSONS: _person,
    L.HOUSEHOLDS: _household,
    L.ADDRESS_CHANGES: _address_change,
    L.ENTITLEMENTS: _entitlement,
}


# --- sync: the files the core system leaves in the exchange folder -------------------------------


def registry_inbox() -> Path:
    return Path(
        getattr(settings, "MADOGUCHI_REGISTRY_INBOX", "")
        or Path(settings.VAR_DIR) / "interop" / "registry-inbox"
    )


def sync(*, inbox: Path | None = None, by=None) -> list[FileResult]:
    """定期連携: every CSV waiting in the exchange folder, households before persons, each moved to
    done/ once taken in (a file that fails stays, and the next run tries it again)."""
    inbox = Path(inbox or registry_inbox())
    if not inbox.is_dir():
        return []
    waiting = []
    for path in sorted(inbox.glob("*.csv")):
        content = path.read_bytes()
        try:
            header = next(csv.reader(io.StringIO(_decode(content))), [])
            waiting.append((ORDER.index(detect_layout(header)), path, content))
        except LayoutError:
            continue
    results = []
    done = inbox / "done"
    for _order, path, content in sorted(waiting, key=lambda item: (item[0], item[1].name)):
        results.append(import_file(path.name, content, by=by))
        done.mkdir(exist_ok=True)
        path.replace(done / path.name)
    return results


# --- export: this system's records in the same layouts --------------------------------------------


def export_layout(layout: str, *, by) -> str:
    """This system's persons / households (and the histories it keeps) in the standard layout —
    for the core system's reconciliation. The read is audited."""
    access.require_anywhere(by, access.INTEROP_REGISTRY)
    if layout not in LAYOUTS:
        raise Http404
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(LAYOUTS[layout])
    if layout == L.PERSONS:
        atena = dict(RegistryPerson.objects.filter(person__isnull=False).values_list("person_id", "atena"))
        for p in Person.objects.select_related("household").order_by("pk"):
            writer.writerow(
                [
                    atena.get(p.pk, ""),
                    "",
                    p.household.number if p.household is not None else "",
                    p.family_name,
                    p.given_name,
                    p.family_name_kana,
                    p.given_name_kana,
                    p.birth_date.isoformat() if p.birth_date else "",
                    p.gender,
                    p.relationship,
                    p.postal_code,
                    p.address,
                    RegistryPerson.Status.RESIDENT,
                    "",
                ]
            )
    elif layout == L.HOUSEHOLDS:
        heads = dict(RegistryHousehold.objects.values_list("number", "head_atena"))
        for h in Household.objects.order_by("number"):
            writer.writerow([h.number, heads.get(h.number, ""), h.postal_code, h.address])
    elif layout == L.ADDRESS_CHANGES:
        for c in RegistryAddressChange.objects.order_by("atena", "changed_on"):
            writer.writerow(
                [
                    c.atena,
                    c.changed_on.isoformat() if c.changed_on else "",
                    c.reason,
                    c.postal_code,
                    c.address,
                    c.previous_address,
                ]
            )
    else:
        for e in RegistryEntitlement.objects.order_by("atena", "kind"):
            writer.writerow(
                [
                    e.atena,
                    e.kind,
                    e.valid_from.isoformat() if e.valid_from else "",
                    e.valid_until.isoformat() if e.valid_until else "",
                    e.detail,
                ]
            )
    record_staff_read(by=by, object_type="core.person", surface=f"interop-export-{layout}")
    return out.getvalue()


# --- the conflict report ---------------------------------------------------------------------------


def open_conflicts(*, by):
    access.require_anywhere(by, access.INTEROP_REGISTRY)
    record_staff_read(by=by, object_type="interop.conflict", surface="interop-conflicts")
    return Conflict.objects.filter(state=Conflict.State.OPEN).select_related(
        "registry_person", "registry_household", "person", "household"
    )


def _conflict_for(by, pk) -> Conflict:
    access.require_anywhere(by, access.INTEROP_REGISTRY)
    conflict = Conflict.objects.select_related("person", "household", "registry_person").filter(pk=pk).first()
    if conflict is None:
        raise Http404
    return conflict


def _value_for(name: str, text: str):
    if name == "birth_date":
        return datetime.date.fromisoformat(text) if text else None
    if name == "gender":
        return int(text or 0)
    return text


@transaction.atomic
def apply_conflict(conflict_or_pk, *, by) -> Conflict:
    """反映: staff confirm the registry's value; it is written to this system's Person (through
    `core.people.change_person`, which needs the person.change permission too) or Household."""
    conflict = conflict_or_pk if isinstance(conflict_or_pk, Conflict) else _conflict_for(by, conflict_or_pk)
    access.require_anywhere(by, access.INTEROP_REGISTRY)
    if conflict.state != Conflict.State.OPEN:
        return conflict
    if not conflict.field:
        raise ValidationError(
            _("この仕組みに該当する住民がいないため、反映できません（住民の登録は市民課で行います）。")
        )
    person, household = conflict.person, conflict.household
    if person is not None:
        if conflict.field == "household":
            household = Household.objects.filter(number=conflict.registry_value).first()
            if household is None:
                source = RegistryHousehold.objects.filter(number=conflict.registry_value).first()
                household = Household.objects.create(
                    number=conflict.registry_value,
                    postal_code=source.postal_code if source else person.postal_code,
                    address=source.address if source else person.address,
                )
                record_event(household, verb="household_created", actor=by, data={"surface": "interop"})
            person.household = household
        else:
            setattr(person, conflict.field, _value_for(conflict.field, conflict.registry_value))
        change_person(person, by=by, fields=[conflict.field], surface="interop")
    elif household is not None:
        setattr(household, conflict.field, conflict.registry_value)
        household.save(update_fields=[conflict.field])
        record_event(
            household,
            verb="household_changed",
            actor=by,
            data={"fields": [conflict.field], "surface": "interop"},
        )
    conflict.state = Conflict.State.APPLIED
    conflict.decided_at, conflict.decided_by = timezone.now(), by
    conflict.save(update_fields=["state", "decided_at", "decided_by"])
    record_event(conflict, verb="registry_conflict_applied", actor=by, data={"field": conflict.field})
    return conflict


@transaction.atomic
def dismiss_conflict(conflict_or_pk, *, by) -> Conflict:
    """反映しない: this system's value stays (the core system is told by the usual route)."""
    conflict = conflict_or_pk if isinstance(conflict_or_pk, Conflict) else _conflict_for(by, conflict_or_pk)
    access.require_anywhere(by, access.INTEROP_REGISTRY)
    if conflict.state == Conflict.State.OPEN:
        conflict.state = Conflict.State.DISMISSED
        conflict.decided_at, conflict.decided_by = timezone.now(), by
        conflict.save(update_fields=["state", "decided_at", "decided_by"])
        record_event(conflict, verb="registry_conflict_dismissed", actor=by, data={"field": conflict.field})
    return conflict


def recent_files(limit: int = 20):
    return RegistryFile.objects.all()[:limit]
