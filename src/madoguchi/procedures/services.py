"""Catalog operations: load a procedure definition, edit a procedure and publish a new form
version, search; and the public entry point of the procedures app (`__all__`).

`load_procedure_definition` reads the JSON format of `procedures/data/procedures/*.json`; other
modules (the counter's counter-only procedures) load theirs through it too. Other apps render a
form step with `StepForm`, validate with `validate_form_data`/`collect_errors` and read
procedures with the functions below; never through `procedures.models`, `.forms` or `.validation`.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese import normalize, to_hiragana
from madoguchi.core.models import Department, User
from madoguchi.core.pagecache import bump, cached_under

from .conditions import (
    check_conditions,
    check_requirements,
    hidden_paths,
    is_required,
    prune,
    requirement_text,
)
from .events import Verb
from .fees import (
    FeeQuote,
    certificate_spec,
    exemption,
    exemptions,
    fee_item,
    fee_quote,
    fee_schedule,
    may_issue_electronically,
)
from .models import Category, Procedure, ProcedureVersion, in_language
from .steps import StepForm, steps_of
from .validation import FormDataError, collect_errors, description_of, title_of, validate_form_data
from .ways import FormDownload, form_downloads

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

__all__ = [
    "in_language",
    # catalog operations
    "DATA_DIR",
    "load_procedure_definition",
    "load_bundled_procedures",
    "load_certificate_procedures",
    "TRANSLATED_FIELDS",
    "translation_languages",
    "check_translations",
    # the fee ordinance (手数料条例) and what a certificate request costs
    "FeeQuote",
    "fee_schedule",
    "fee_item",
    "fee_quote",
    "exemption",
    "exemptions",
    "certificate_spec",
    "may_issue_electronically",
    "check_form",
    "check_form_schema",
    "save_form_version",
    "update_procedure",
    "Verb",
    # reads
    "Category",
    "search_procedures",
    "get_procedure_by_code",
    "published_procedure",
    "published_with_form",
    "procedures_in",
    "published_with_push",
    "editable_procedures",
    "access_procedure",
    # other apps' printable forms on a procedure's page (the paper intake's OCR form)
    "FormDownload",
    "form_downloads",
    # a procedure's form: steps, rendering, validation, conditions
    "StepForm",
    "steps_of",
    "FormDataError",
    "validate_form_data",
    "collect_errors",
    "title_of",
    "description_of",
    "prune",
    "hidden_paths",
    # attachments needed given the answers (required_attachments[].required)
    "is_required",
    "requirement_text",
]

DATA_DIR = Path(__file__).resolve().parent / "data" / "procedures"
CERTIFICATES_DIR = DATA_DIR.parent / "certificates"

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
    "translations",
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
    "translations": {},
}

# What a definition's "translations" may hold: the interface languages other than Japanese (the
# source) and English (its own `*_en` keys), each with these texts.
TRANSLATED_FIELDS = ("name", "description", "eligibility")


def translation_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code not in ("ja", "en")]


def check_translations(translations: dict) -> None:
    """Raise ValidationError unless `translations` is {language: {field: text}} with languages from
    settings.LANGUAGES (not ja/en) and fields from TRANSLATED_FIELDS."""
    languages = translation_languages()
    if not isinstance(translations, dict):
        raise ValidationError(_("translations は言語コードごとの辞書で書いてください。"))
    for language, texts in translations.items():
        if language not in languages:
            raise ValidationError(
                _("translations の言語コード %(code)s は使えません。使えるのは %(codes)s です。")
                % {"code": language, "codes": ", ".join(languages)}
            )
        unknown = sorted(set(texts or {}) - set(TRANSLATED_FIELDS)) if isinstance(texts, dict) else [texts]
        if unknown:
            raise ValidationError(
                _("translations.%(code)s の %(keys)s は使えません。使えるのは %(fields)s です。")
                % {
                    "code": language,
                    "keys": ", ".join(map(str, unknown)),
                    "fields": ", ".join(TRANSLATED_FIELDS),
                }
            )


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


def check_form(schema: dict, ui_schema: dict, attachments=()) -> None:
    """Raise ValidationError unless the schema is valid and the UI schema's conditions (`show_if`)
    fit it (procedures.conditions.check_conditions), and so do the conditions that make an
    attachment required (`attachments`: the procedure's required_attachments)."""
    check_form_schema(schema)
    problems = check_conditions(schema, ui_schema) + check_requirements(schema, attachments)
    if problems:
        raise ValidationError(problems)


def search_text_for(values: list[str]) -> str:
    text = " ".join(v for v in values if v)
    text = normalize(text).lower()
    return f"{text} {to_hiragana(text)}"


def _refresh_search_text(procedure: Procedure) -> None:
    translated_names = [(texts or {}).get("name", "") for texts in (procedure.translations or {}).values()]
    procedure.search_text = search_text_for(
        [
            procedure.name,
            procedure.kana,
            procedure.name_en,
            *translated_names,
            procedure.code,
            *(procedure.keywords or []),
        ]
    )


@transaction.atomic
def load_procedure_definition(definition: dict, *, publish: bool = True, by: User | None = None) -> Procedure:
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
    check_form(schema, ui_schema, definition.get("required_attachments") or [])
    check_translations(definition.get("translations") or {})
    values = {key: definition.get(key, _DEFAULTS.get(key, "")) for key in _FIELDS}
    if values["number"] == "":
        values["number"] = None
    values["translations"] = values["translations"] or {}
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
    existing = Procedure.objects.select_for_update().filter(code=code).first()
    created = existing is None
    procedure = Procedure(code=code) if existing is None else existing
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
        record_event(procedure, verb=Verb.VERSION_CREATED, actor=by, data={"version": version.number})
    elif publish and latest.published_at is None:
        latest.published_at = timezone.now()
        latest.save(update_fields=["published_at"])
    bump("procedures")  # the public catalog and guides show it at once
    return procedure


def load_bundled_procedures(*, publish: bool = True) -> list[Procedure]:
    """The 28 online procedures that ship with Madoguchi (plan 1-ア)."""
    return [
        load_procedure_definition(json.loads(path.read_text(encoding="utf-8")), publish=publish)
        for path in sorted(DATA_DIR.glob("*.json"))
    ]


def load_certificate_procedures(*, publish: bool = True) -> list[Procedure]:
    """The certificate requests offered online (住民票の写し, 戸籍, 附票, 課税・納税証明書), each
    fee taken from the fee ordinance (`fee_item` → unit fee; fees.py)."""
    loaded = []
    for path in sorted(CERTIFICATES_DIR.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        definition["fee"] = fee_item(definition.pop("fee_item")).unit_fee
        loaded.append(load_procedure_definition(definition, publish=publish))
    return loaded


@transaction.atomic
def save_form_version(
    procedure: Procedure, *, schema: dict, ui_schema: dict, by: User, publish: bool
) -> ProcedureVersion:
    """The back office's form editor: store a draft version, or publish it as the new current form."""
    access.require(by, access.PROCEDURE_EDIT, procedure.department_id)
    check_form(schema, ui_schema, procedure.required_attachments)
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
        verb=Verb.VERSION_PUBLISHED if publish else Verb.VERSION_SAVED,
        actor=by,
        data={"version": version.number},
    )
    if publish:
        bump("procedures")
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


# Procedure fields the back office edits (ProcedureForm); search_text follows the first three.
EDITABLE_FIELDS = (
    "name",
    "name_en",
    "kana",
    "category",
    "description",
    "description_en",
    "eligibility",
    "eligibility_en",
    "fee",
    "payment_timing",
    "processing_days",
    "legal_basis",
    "channels",
    "assurance",
    "requires_my_number",
    "decision_by_another",
    "is_published",
)
_SEARCHED_FIELDS = {"name", "name_en", "kana"}
EMPTY_SCHEMA = {"type": "object", "properties": {}}  # the editor's start for a procedure without a form


@transaction.atomic
def update_procedure(
    procedure: Procedure,
    *,
    by: User,
    changes: dict,
    schema: dict | None = None,
    ui_schema: dict | None = None,
    publish: bool = False,
) -> ProcedureVersion | None:
    """The back office's procedure editor: change the procedure's own fields (fee, channels,
    assurance, published…) and, when the form changed or `publish` is asked, save a version of it.

    One transaction: a form the schema check refuses leaves the fields unchanged too. One Event
    ("procedure_updated", naming the fields) when a field changed; the version writes its own.
    Returns the saved version, or None when only fields (or nothing) changed.
    """
    access.require(by, access.PROCEDURE_EDIT, procedure.department_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if schema is not None:
        check_form(schema, ui_schema or {}, procedure.required_attachments)  # before anything is written
    stored = Procedure.objects.select_for_update().get(pk=procedure.pk)
    changed = sorted(key for key, value in changes.items() if getattr(stored, key) != value)
    for key in changed:
        setattr(stored, key, changes[key])
    if changed:
        fields = [*changed, "updated_at"]
        if _SEARCHED_FIELDS & set(changed):
            _refresh_search_text(stored)
            fields.append("search_text")
        stored.save(update_fields=fields)
        record_event(stored, verb=Verb.UPDATED, actor=by, data={"fields": changed})
        bump("procedures")
    for key in changed:
        setattr(procedure, key, getattr(stored, key))
    if schema is None:
        return None
    ui_schema = ui_schema or {}
    latest = procedure.versions.order_by("-number").first()
    current = (latest.schema, latest.ui_schema) if latest else (EMPTY_SCHEMA, {})
    if not publish and (schema, ui_schema) == current:
        return None
    return save_form_version(procedure, schema=schema, ui_schema=ui_schema, by=by, publish=publish)


# ---------------------------------------------------------------- reads for other apps


def get_procedure_by_code(code: str) -> Procedure | None:
    """The procedure `code`, published or not, with its department (None if there is none)."""
    return Procedure.objects.filter(code=code).select_related("department").first()


def published_procedure(code: str) -> Procedure | None:
    """The procedure `code` if it is published (what residents and the counter may start)."""
    return Procedure.objects.filter(code=code, is_published=True).select_related("department").first()


def published_with_form(code: str) -> Procedure | None:
    """The published procedure `code` with its department and current form: one query, or none
    while no procedure changed (kept per process under the page cache's "procedures" version,
    ADR 0007). Each caller gets its own copy; a form version is never edited."""
    procedure = cached_under("procedures", f"form:{code}", lambda: Procedure.published_with_form(code))
    return copy.copy(procedure) if procedure is not None else None


def procedures_in(departments, *, published_only: bool = False):
    """The procedures of `departments` (a queryset or list of departments)."""
    qs = Procedure.objects.filter(department__in=departments)
    return qs.filter(is_published=True) if published_only else qs


def published_with_push():
    """Published procedures with a push-type rule (プッシュ型案内)."""
    return Procedure.objects.filter(is_published=True, push__isnull=False)


def editable_procedures(user: User | AnonymousUser):
    """The procedures `user` may edit: their departments' (all of them for the superuser)."""
    return procedures_in(access.departments_where(user, access.PROCEDURE_EDIT))


def access_procedure(user: User, code: str) -> Procedure:
    """The procedure `code` for its editor: 404 if there is none, 403 if it is another department's."""
    procedure = editable_procedures(user).filter(code=code).first()
    if procedure is None:
        if not Procedure.objects.filter(code=code).exists():
            raise Http404
        raise PermissionDenied(access.PROCEDURE_EDIT.refusal)
    return procedure
