"""Catalog operations: load a procedure definition, publish a new form version, search.

`load_procedure_definition` reads the JSON format of `procedures/data/procedures/*.json`; other
modules (the counter's counter-only procedures) load theirs through it too.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from madoguchi.core.events import record_event
from madoguchi.core.japanese import normalize, to_hiragana
from madoguchi.core.models import Department

from .conditions import check_conditions
from .models import Procedure, ProcedureVersion

DATA_DIR = Path(__file__).resolve().parent / "data" / "procedures"

# Definition keys copied onto the Procedure row as they are.
_FIELDS = [
    "number",
    "name",
    "name_en",
    "kana",
    "keywords",
    "category",
    "description",
    "description_en",
    "eligibility",
    "eligibility_en",
    "required_attachments",
    "fee",
    "payment_timing",
    "processing_days",
    "legal_basis",
    "channels",
    "assurance",
    "requires_my_number",
    "decision_by_another",
    "push",
]
_DEFAULTS = {
    "keywords": [],
    "required_attachments": [],
    "fee": 0,
    "payment_timing": "none",
    "processing_days": 0,
    "channels": ["online"],
    "assurance": "card_auth",
    "requires_my_number": False,
    "decision_by_another": False,
    "push": None,
}


_VALID_SCHEMAS: set[str] = set()  # digests of schemas already checked (checking is slow)


def check_form_schema(schema: dict) -> None:
    """Raise ValidationError unless `schema` is a valid JSON Schema 2020-12 object schema."""
    digest = hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()
    if digest in _VALID_SCHEMAS:
        return
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise ValidationError(
            _("様式の定義が JSON Schema 2020-12 として正しくありません: %(error)s") % {"error": error.message}
        ) from None
    if schema.get("type") != "object":
        raise ValidationError(_("様式の最上位は object でなければなりません。"))
    _VALID_SCHEMAS.add(digest)


def check_form(schema: dict, ui_schema: dict) -> None:
    """Raise ValidationError unless the schema is valid and the UI schema's conditions (`show_if`)
    fit it (procedures.conditions.check_conditions)."""
    check_form_schema(schema)
    problems = check_conditions(schema, ui_schema)
    if problems:
        raise ValidationError(problems)


def search_text_for(values: list[str]) -> str:
    text = " ".join(v for v in values if v)
    text = normalize(text).lower()
    return f"{text} {to_hiragana(text)}"


def _refresh_search_text(procedure: Procedure) -> None:
    procedure.search_text = search_text_for(
        [procedure.name, procedure.kana, procedure.name_en, procedure.code, *(procedure.keywords or [])]
    )


@transaction.atomic
def load_procedure_definition(definition: dict, *, publish: bool = True, by=None) -> Procedure:
    """Create or update a Procedure from a definition dict (the bundled JSON format).

    Idempotent: loading the same definition twice changes nothing; a changed schema or UI schema
    adds a new ProcedureVersion (published when `publish`). Unknown department → ValidationError.
    """
    code = definition["code"]
    try:
        department = Department.objects.get(code=definition["department"])
    except Department.DoesNotExist:
        raise ValidationError(
            _("部署 %(code)s が見つかりません。") % {"code": definition["department"]}
        ) from None
    schema = definition["schema"]
    ui_schema = definition.get("ui_schema") or {}
    check_form(schema, ui_schema)
    values = {key: definition.get(key, _DEFAULTS.get(key, "")) for key in _FIELDS}
    if values["number"] == "":
        values["number"] = None
    for key in (
        "name_en",
        "kana",
        "description",
        "description_en",
        "eligibility",
        "eligibility_en",
        "legal_basis",
    ):
        values[key] = values[key] or ""
    procedure = Procedure.objects.select_for_update().filter(code=code).first()
    created = procedure is None
    if created:
        procedure = Procedure(code=code)
    changed = (
        created
        or procedure.department_id != department.pk
        or any(getattr(procedure, key) != value for key, value in values.items())
    )
    for key, value in values.items():
        setattr(procedure, key, value)
    procedure.department = department
    if publish and not procedure.is_published:
        procedure.is_published = True
        changed = True
    if changed:
        _refresh_search_text(procedure)
        procedure.save()
    latest = procedure.versions.order_by("-number").first()
    if latest is None or latest.schema != schema or latest.ui_schema != ui_schema:
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=(latest.number + 1) if latest else 1,
            schema=schema,
            ui_schema=ui_schema,
            published_at=timezone.now() if publish else None,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        record_event(procedure, verb="version_created", actor=by, data={"version": version.number})
    elif publish and latest.published_at is None:
        latest.published_at = timezone.now()
        latest.save(update_fields=["published_at"])
    return procedure


def load_bundled_procedures(*, publish: bool = True) -> list[Procedure]:
    """The 28 online procedures that ship with Madoguchi (plan 1-ア)."""
    return [
        load_procedure_definition(json.loads(path.read_text(encoding="utf-8")), publish=publish)
        for path in sorted(DATA_DIR.glob("*.json"))
    ]


@transaction.atomic
def save_form_version(
    procedure: Procedure, *, schema: dict, ui_schema: dict, by, publish: bool
) -> ProcedureVersion:
    """The back office's form editor: store a draft version, or publish it as the new current form."""
    check_form(schema, ui_schema)
    latest = procedure.versions.select_for_update().order_by("-number").first()
    if latest is not None and latest.published_at is None:
        latest.schema, latest.ui_schema = schema, ui_schema
        if publish:
            latest.published_at = timezone.now()
        latest.save()
        version = latest
    else:
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=(latest.number + 1) if latest else 1,
            schema=schema,
            ui_schema=ui_schema,
            published_at=timezone.now() if publish else None,
            created_by=by,
        )
    record_event(
        procedure,
        verb="version_published" if publish else "version_saved",
        actor=by,
        data={"version": version.number},
    )
    return version


def search_procedures(query: str = "", *, category: str = "", published_only: bool = True):
    """Japanese-aware search: kana and kanji both match (じどうてあて, ジドウテアテ and 手当 find 児童手当)."""
    qs = Procedure.objects.select_related("department")
    if published_only:
        qs = qs.filter(is_published=True)
    if category:
        qs = qs.filter(category=category)
    for word in normalize(query or "").lower().split():
        qs = qs.filter(Q(search_text__contains=to_hiragana(word)) | Q(search_text__contains=word))
    return qs.order_by("category", "number", "code")
