"""様式: printable forms generated from a procedure version, the city's own forms with zones drawn
by staff, and their retirement (a retired form's scans are set aside, not read)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.procedures import services as procedures

from .. import layout as layouts
from ..events import Verb
from ..fields import FieldKind
from ..models import FormTemplate

MAX_ORIGINAL_BYTES = 20 * 1024 * 1024
A4 = (210.0, 297.0)  # mm


def templates_for(user) -> QuerySet[FormTemplate]:
    """The templates of the departments where `user` manages paper forms."""
    departments = access.departments_where(user, access.PAPER_TEMPLATES)
    return FormTemplate.objects.filter(department__in=departments).select_related(
        "department", "procedure_version__procedure"
    )


def access_template(user, pk, permission=access.PAPER_TEMPLATES) -> FormTemplate:
    return access.load(
        FormTemplate.objects.select_related("procedure_version__procedure"), user, permission, pk=pk
    )


def procedures_for_templates(user):
    """Published procedures with a form in the departments where `user` manages paper forms."""
    departments = access.departments_where(user, access.PAPER_TEMPLATES)
    return [p for p in procedures.procedures_in(departments, published_only=True) if p.current_version]


@transaction.atomic
def generate_template(version, *, by) -> FormTemplate:
    """様式を作成: the printable form of `version`; its zones come from the layout, not drawn.
    Generating again for the same version returns the active template."""
    procedure = version.procedure
    access.require(by, access.PAPER_TEMPLATES, procedure.department_id)
    existing = FormTemplate.objects.filter(
        procedure_version=version, source=FormTemplate.Source.GENERATED, state=FormTemplate.State.ACTIVE
    ).first()
    if existing is not None:
        return existing
    layout = layouts.layout_for(version)
    template = FormTemplate.objects.create(
        procedure_version=version,
        department_id=procedure.department_id,
        title=f"{procedure.name}（第{version.number}版）",
        source=FormTemplate.Source.GENERATED,
        layout=layout.to_json(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_event(
        template,
        verb=Verb.TEMPLATE_GENERATED,
        actor=by,
        data={"procedure": procedure.code, "version": version.number, "zones": len(layout.zones)},
    )
    return template


def _check_zone(zone: dict, pages: int) -> dict:
    errors = {}
    try:
        x, y, w, h = (float(zone[k]) for k in ("x", "y", "w", "h"))
    except (KeyError, TypeError, ValueError):
        raise ValidationError({"zone": [_("位置と大きさ（mm）を数字で入力してください。")]}) from None
    page = int(zone.get("page") or 1)
    if not (1 <= page <= pages):
        errors["page"] = [_("ページは1から%(n)sの間で指定してください。") % {"n": pages}]
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > A4[0] or y + h > A4[1]:
        errors["zone"] = [_("読取り位置がA4の用紙（210×297mm）からはみ出しています。")]
    kind = zone.get("kind", "")
    if kind not in FieldKind._value2member_map_:
        errors["kind"] = [_("項目の種類を選んでください。")]
    if not str(zone.get("key") or "").strip():
        errors["key"] = [_("申請書のどの項目かを選んでください。")]
    if errors:
        raise ValidationError(errors)
    return {
        "key": str(zone["key"]).strip(),
        "label": str(zone.get("label") or zone["key"])[:200],
        "kind": kind,
        "page": page,
        "x": x,
        "y": y,
        "w": w,
        "h": h,
        "boxes": int(zone.get("boxes") or 0),
    }


@transaction.atomic
def draw_template(version, *, by, title: str, original, pages: int = 1) -> FormTemplate:
    """市の様式を登録: the city's own printed form (PDF or image) to draw zones over."""
    procedure = version.procedure
    access.require(by, access.PAPER_TEMPLATES, procedure.department_id)
    if original is None or not getattr(original, "size", 0):
        raise ValidationError({"original": [_("市の様式のPDFまたは画像を選んでください。")]})
    if original.size > MAX_ORIGINAL_BYTES:
        raise ValidationError({"original": [_("ファイルが大きすぎます（20MBまで）。")]})
    name = (original.name or "").lower()
    if not name.endswith((".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")):
        raise ValidationError({"original": [_("PDF・PNG・JPEG・TIFFのファイルを選んでください。")]})
    template = FormTemplate(
        procedure_version=version,
        department_id=procedure.department_id,
        title=(title or procedure.name)[:200],
        source=FormTemplate.Source.DRAWN,
        layout={"form_code": "", "pages": max(1, int(pages)), "zones": []},
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    template.original.save(original.name, original, save=False)
    template.save()
    record_event(template, verb=Verb.TEMPLATE_DRAWN, actor=by, data={"procedure": procedure.code, "zones": 0})
    return template


@transaction.atomic
def add_zone(template: FormTemplate, *, by, zone: dict) -> FormTemplate:
    """読取り位置を追加: one zone (x/y/w/h in mm from the page's top-left) over a drawn template."""
    access.require(by, access.PAPER_TEMPLATES, template.department_id)
    if template.source != FormTemplate.Source.DRAWN:
        raise ValidationError(_("作成した様式の読取り位置は申請書の項目から決まります。"))
    if not template.is_active:
        raise ValidationError(_("廃止した様式は変更できません。"))
    clean = _check_zone(zone, int(template.layout.get("pages") or 1))
    zones = [z for z in template.layout.get("zones", []) if z["key"] != clean["key"]] + [clean]
    template.layout = {**template.layout, "zones": zones}
    template.save(update_fields=["layout"])
    record_event(
        template, verb=Verb.TEMPLATE_DRAWN, actor=by, data={"zone": clean["key"], "zones": len(zones)}
    )
    return template


@transaction.atomic
def remove_zone(template: FormTemplate, *, by, key: str) -> FormTemplate:
    access.require(by, access.PAPER_TEMPLATES, template.department_id)
    if not template.is_active:
        raise ValidationError(_("廃止した様式は変更できません。"))
    zones = [z for z in template.layout.get("zones", []) if z["key"] != key]
    template.layout = {**template.layout, "zones": zones}
    template.save(update_fields=["layout"])
    record_event(template, verb=Verb.TEMPLATE_DRAWN, actor=by, data={"removed": key, "zones": len(zones)})
    return template


@transaction.atomic
def retire_template(template: FormTemplate, *, by) -> FormTemplate:
    """様式を廃止: scans of it are set aside from now on (old forms still in residents' hands)."""
    access.require(by, access.PAPER_TEMPLATES, template.department_id)
    if not template.is_active:
        return template
    template.state = FormTemplate.State.RETIRED
    template.retired_at = timezone.now()
    template.save(update_fields=["state", "retired_at"])
    record_event(template, verb=Verb.TEMPLATE_RETIRED, actor=by, data={"title": template.title})
    return template


def template_layout(template: FormTemplate):
    return layouts.Layout.from_json(template.layout)


def zone_keys(template: FormTemplate) -> list[tuple[str, str, str]]:
    """(path, title, kind) of every leaf field of the template's form: what a drawn zone may read."""
    from .. import fields

    found: list[tuple[str, str, str]] = []

    def walk(schema: dict, prefix: str, titles: str) -> None:
        for key, prop in (schema.get("properties") or {}).items():
            path = f"{prefix}{key}"
            title = f"{titles}{prop.get('title', key)}"
            if prop.get("type") == "object":
                walk(prop, f"{path}.", f"{title} ")
            else:
                found.append((path, title, str(fields.kind_for(prop, key))))

    walk(template.procedure_version.schema or {}, "", "")
    return found


def printable_pdf(template: FormTemplate) -> tuple[bytes, str]:
    """The form to print: generated from the layout, or the city's own file as uploaded."""
    if template.source == FormTemplate.Source.DRAWN:
        with template.original.open("rb") as handle:
            name = template.original.name.rsplit("/", 1)[-1]
            return handle.read(), name
    return layouts.render_form(template.procedure_version), f"{template.procedure_version.procedure.code}.pdf"


def public_form(code: str) -> FormTemplate | None:
    """The active generated form of a published procedure's current version (for residents)."""
    procedure = procedures.published_procedure(code)
    if procedure is None or procedure.current_version is None:
        return None
    return FormTemplate.objects.filter(
        procedure_version=procedure.current_version,
        source=FormTemplate.Source.GENERATED,
        state=FormTemplate.State.ACTIVE,
    ).first()


def public_form_url(procedure) -> str | None:
    """The printable OCR form's address for the procedure's page (procedures' form_downloads), or
    None while its current version has no active generated form."""
    version = procedure.current_version
    if version is None:
        return None
    active = FormTemplate.objects.filter(
        procedure_version=version, source=FormTemplate.Source.GENERATED, state=FormTemplate.State.ACTIVE
    )
    return reverse("paper:printable_form", args=[procedure.code]) if active.exists() else None


def template_preview(template: FormTemplate, page: int) -> bytes:
    """PNG of one page of the city's own form with its zones outlined (the drawing page's preview)."""
    import cv2

    from .. import imaging

    if not template.original:
        raise ValidationError(_("この様式には市の様式の画像がありません。"))
    with template.original.open("rb") as handle:
        images = list(imaging.load_pages(handle.read(), template.original.name))
    if not 1 <= page <= len(images):
        raise ValidationError(_("そのページはありません。"))
    image = images[page - 1]
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    scale = image.shape[1] / A4[0]  # px per mm
    for zone in template_layout(template).zones:
        if zone.page != page:
            continue
        top_left = (int(zone.x * scale), int(zone.y * scale))
        bottom_right = (int((zone.x + zone.w) * scale), int((zone.y + zone.h) * scale))
        cv2.rectangle(image, top_left, bottom_right, (200, 60, 0), max(2, int(scale / 2)))
        cv2.putText(
            image,
            zone.key,
            (top_left[0], max(12, top_left[1] - 4)),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.5,
            (200, 60, 0),
            1,
        )
    ok, encoded = cv2.imencode(".png", image)
    return encoded.tobytes()
