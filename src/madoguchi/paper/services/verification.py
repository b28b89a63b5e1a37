"""読取り結果の確認と受理: staff check each field (lowest confidence first), a second person
confirms a My Number, and the verified form becomes one Application (channel=paper) with the
scan attached. Each field's outcome is an Event (accepted as read, or corrected) so the engine's
accuracy per kind is measured from what people did; the Events hold no values."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.automation import services as automation
from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Channel

from .. import fields
from ..events import Verb
from ..models import FieldReading, PaperForm, ScanPage
from .people import applicant_for

TOOL_NAME = "AI-OCR（紙の申請書の読取り）"


def forms_for(user, *, state: str | None = None) -> QuerySet[PaperForm]:
    departments = access.departments_where(user, access.PAPER_INTAKE)
    forms = PaperForm.objects.filter(department__in=departments).select_related(
        "template", "department", "batch"
    )
    return forms.filter(state=state) if state else forms


def access_form(user, pk) -> PaperForm:
    return access.load(
        PaperForm.objects.select_related("template__procedure_version__procedure", "batch"),
        user,
        access.PAPER_INTAKE,
        pk=pk,
    )


def access_reading(user, pk) -> FieldReading:
    return access.load(
        FieldReading.objects.select_related("form"),
        user,
        access.PAPER_INTAKE,
        department=lambda reading: reading.form.department_id,
        pk=pk,
    )


def may_see(user, reading: FieldReading) -> bool:
    """A My Number's crop and value are shown only to マイナンバー利用事務 staff."""
    return not reading.is_my_number or access.can(user, access.MY_NUMBER_REVEAL, reading.form.department_id)


def queue_of(form: PaperForm) -> list[FieldReading]:
    """The form's fields to check, lowest confidence first; those done go last."""
    readings = list(form.fields.select_related("page").order_by("confidence", "pk"))
    return sorted(readings, key=lambda r: (r.is_done, r.state == FieldReading.State.SECOND_CHECK))


def _changed_chars(a: str, b: str) -> int:
    """Levenshtein distance: how many characters the person changed (no values in the Event)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _finish(reading: FieldReading, by, value: str, *, second: bool) -> None:
    read = fields.normalise(reading.kind, reading.read_value)  # the same spelling is no correction
    corrected = value != read
    reading.verified_value = value
    reading.state = FieldReading.State.CORRECTED if corrected else FieldReading.State.ACCEPTED
    now = timezone.now()
    if second:
        reading.second_by, reading.second_at = by, now
    else:
        reading.verified_by, reading.verified_at = by, now
    reading.save()
    record_event(
        reading,
        verb=Verb.FIELD_CORRECTED if corrected else Verb.FIELD_ACCEPTED,
        actor=by,
        data={
            "form": reading.form_id,
            "department": reading.form.department.code,
            "key": reading.key,
            "kind": reading.kind,
            "confidence": round(reading.confidence, 3),
            "changed_chars": _changed_chars(read, value),
            "length": len(value),
            **({"second_check": True} if second else {}),
        },
    )
    _page_verified(reading.page, by)


def _page_verified(page: ScanPage, by) -> None:
    """All fields of the page checked: one Event (pages per hour counts these)."""
    if page.verified_at or page.fields.exclude(state__in=FieldReading.DONE).exists():
        return
    page.verified_by, page.verified_at = by, timezone.now()
    page.save(update_fields=["verified_by", "verified_at"])
    record_event(
        page,
        verb=Verb.PAGE_VERIFIED,
        actor=by,
        data={"form": page.form_id, "department": page.batch.department.code, "fields": page.fields.count()},
    )


def _checked_value(reading: FieldReading, value: str) -> str:
    value = fields.normalise(reading.kind, value or "")
    message = fields.validate(reading.kind, value) if value else None
    if message:
        raise ValidationError({f"field-{reading.pk}": [message]})
    return value


@transaction.atomic
def verify_field(reading: FieldReading, *, by, value: str) -> FieldReading:
    """確認: Enter on the read value accepts it; a typed value corrects it. A My Number then waits
    for a second person."""
    reading = FieldReading.objects.select_for_update().select_related("form", "page").get(pk=reading.pk)
    access.require(by, access.PAPER_INTAKE, reading.form.department_id)
    if reading.form.state != PaperForm.State.VERIFYING:
        raise ValidationError(_("受理済みの申請書は変更できません。"))
    if reading.is_done:  # one outcome per field: the accuracy figures count each field once
        raise ValidationError({f"field-{reading.pk}": [_("この項目は確認済みです。")]})
    value = _checked_value(reading, value)
    if reading.is_my_number:  # 特定個人情報: only マイナンバー利用事務 staff read and key it
        access.require(by, access.MY_NUMBER_REVEAL, reading.form.department_id)
        if reading.state == FieldReading.State.SECOND_CHECK:
            return second_check(reading, by=by, value=value)
        reading.verified_value = value
        reading.verified_by, reading.verified_at = by, timezone.now()
        reading.state = FieldReading.State.SECOND_CHECK
        reading.save()
        record_event(
            reading,
            verb=Verb.FIELD_AWAITING_SECOND,
            actor=by,
            data={"form": reading.form_id, "department": reading.form.department.code, "kind": reading.kind},
        )
        return reading
    _finish(reading, by, value, second=False)
    return reading


@transaction.atomic
def second_check(reading: FieldReading, *, by, value: str) -> FieldReading:
    """個人番号の2人目の確認: another person holding マイナンバー利用事務 in the department types or
    accepts the number; the same value as the first person's finishes the field, a different one
    becomes the new proposal for yet another person."""
    reading = FieldReading.objects.select_for_update().select_related("form", "page").get(pk=reading.pk)
    access.require(by, access.MY_NUMBER_REVEAL, reading.form.department_id)
    if reading.state != FieldReading.State.SECOND_CHECK:
        raise ValidationError(_("この項目は2人目の確認を待っていません。"))
    if reading.verified_by_id == getattr(by, "pk", None):
        raise ValidationError(
            {f"field-{reading.pk}": [_("個人番号は、最初に確認した人とは別の職員が確認してください。")]}
        )
    value = _checked_value(reading, value)
    if value != reading.verified_value:
        reading.verified_value = value
        reading.verified_by, reading.verified_at = by, timezone.now()
        reading.save()
        record_event(
            reading,
            verb=Verb.FIELD_AWAITING_SECOND,
            actor=by,
            data={"form": reading.form_id, "kind": reading.kind, "disagreed": True},
        )
        return reading
    _finish(reading, by, value, second=True)
    return reading


def _set_path(data: dict, path: str, value) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _schema_of(schema: dict, path: str) -> dict:
    for part in path.split("."):
        schema = (schema.get("properties") or {}).get(part) or {}
    return schema


def _typed(prop: dict, value: str):
    """A verified text as the JSON type the form's schema wants."""
    kind = prop.get("type")
    if kind == "boolean":
        return value.strip().lower() in {"1", "true", "✓", "レ", "x", "o", "yes", "はい"}
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "array":
        return [item for item in value.split(",") if item]
    return value


def form_data(form: PaperForm) -> dict:
    """The verified values as the procedure's data (nested by step, typed by the schema)."""
    schema = form.template.procedure_version.schema or {}
    data: dict = {}
    for reading in form.fields.all().order_by("pk"):
        if reading.verified_value == "":
            continue
        path, _sep, option = reading.key.partition("=")
        prop = _schema_of(schema, path)
        if option:  # one box per choice: a ticked box answers with its choice
            if not _typed({"type": "boolean"}, reading.verified_value):
                continue
            if prop.get("type") == "array":
                _set_path(data, path, [*_get_path(data, path), option])
            else:
                _set_path(data, path, option)
            continue
        _set_path(data, path, _typed(prop, reading.verified_value))
    return _lists(data)


def _lists(node):
    """{"0": …, "1": …} (zones of an array's items, "members.0.full_name") → a list."""
    if not isinstance(node, dict):
        return node
    node = {key: _lists(value) for key, value in node.items()}
    if node and all(key.isdigit() for key in node):
        return [node[key] for key in sorted(node, key=int)]
    return node


def _get_path(data: dict, path: str) -> list:
    node: object = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return list(node) if isinstance(node, list) else []


def _scan_pdf(form: PaperForm) -> bytes:
    from PIL import Image

    images = []
    for page in form.pages.order_by("index"):
        if page.image:
            with page.image.open("rb") as handle:
                images.append(Image.open(io.BytesIO(handle.read())).convert("L"))
    if not images:
        raise ValidationError(_("スキャンした画像がありません。"))
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=200.0)
    return out.getvalue()


def _field_errors(error: ValidationError, form: PaperForm) -> ValidationError:
    """Schema messages keyed by data path, moved onto the field readings they belong to."""
    if not hasattr(error, "error_dict"):
        return error
    by_key = {r.key: r.pk for r in form.fields.all()}
    moved: dict[str, list] = {}
    for key, messages in error.message_dict.items():
        target = f"field-{by_key[key]}" if key in by_key else "__all__"
        if target == "__all__" and key not in ("__all__",):
            messages = [f"{key}: {m}" for m in messages]
        moved.setdefault(target, []).extend(messages)
    return ValidationError(moved)


def accept_form(form: PaperForm, *, by, documents_received=()) -> PaperForm:
    """受理: the verified form becomes one Application (channel=paper) in the department's inbox,
    with its scan attached. Retried, it returns the same application; failed, nothing is left."""
    access.require(by, access.PAPER_INTAKE, form.department_id)
    with transaction.atomic():
        form = (
            PaperForm.objects.select_for_update()
            .select_related("template__procedure_version__procedure")
            .get(pk=form.pk)
        )
        if form.state == PaperForm.State.ACCEPTED:
            return form
        if form.fields.exclude(state__in=FieldReading.DONE).exists():
            raise ValidationError(
                _("まだ確認していない項目があります。すべての項目を確認してから受理してください。")
            )
        version = form.template.procedure_version
        procedure = version.procedure
        data = form_data(form)
        pdf = _scan_pdf(form)
        try:
            applicant = applicant_for(version, data, by=by)
            application = applications.register_paper_application(
                procedure,
                applicant=applicant,
                data=data,
                by=by,
                channel=Channel.PAPER,
                idempotency_key=form.idempotency_key,
                documents_received=documents_received,
                scan=(f"paper-form-{form.pk}.pdf", pdf),
            )
        except ValidationError as error:
            raise _field_errors(error, form) from None
        form.scan.save(f"paper-form-{form.pk}.pdf", ContentFile(pdf), save=False)
        form.state = PaperForm.State.ACCEPTED
        form.application_public_id = str(application.public_id)
        form.receipt_number = application.receipt_number or ""
        form.accepted_by, form.accepted_at = by, timezone.now()
        form.save()
        if getattr(application, "was_repeated", False):  # accepted before (a concurrent click)
            return form
        first = (
            not PaperForm.objects.filter(department_id=form.department_id, state=PaperForm.State.ACCEPTED)
            .exclude(pk=form.pk)
            .exists()
        )
        record_event(
            form,
            verb=Verb.FORM_ACCEPTED,
            actor=by,
            channel=Channel.PAPER,
            data={
                "procedure": procedure.code,
                "department": form.department.code,
                "receipt_number": form.receipt_number,
                "fields": form.fields.count(),
                "corrected": form.fields.filter(state=FieldReading.State.CORRECTED).count(),
            },
        )
        if first:  # the department now keys paper forms by AI-OCR (2-イ's register of tools)
            automation.note_tool_in_use(
                form.department, kind="ai_ocr", name=TOOL_NAME, on=timezone.localdate()
            )
    return form
