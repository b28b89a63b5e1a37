"""Demo data (order 96): printable paper forms for a few demo procedures, and one scanned batch
already read, waiting in the verification queue — made from the printed form itself (rendered,
rasterised and cut along the layout), without running the OCR engine at `make run`; the values
are those printed, with one misreading so the queue shows a correction to make.

Idempotent: nothing is added twice."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile

from madoguchi.core import access
from madoguchi.core.demo import DemoLoader
from madoguchi.core.models import StaffRole
from madoguchi.procedures import services as procedures

from . import services
from .models import FieldReading, FormTemplate, PaperForm, ScanBatch, ScanPage

PROCEDURES = ["jidou-teate-genkyo", "kaigo-hihokensha-sho-saikofu", "risai-shomei"]
DEMO_BATCH = "demo-scan-jidou-teate-genkyo.pdf"
SAMPLE = {
    "full_name": "国分寺 花子",
    "full_name_kana": "コクブンジ\u3000ハナコ",
    "birth_date": "1988-06-15",
    "postal_code": "185-8501",
    "phone": "042-325-0111",
    "address": "東京都国分寺市戸倉1-6-1",
}
MISREAD = {"full_name_kana": "コクブンジ\u3000ハナユ", "phone": "042-325-0117"}


def _manager(department):
    role = StaffRole.objects.filter(department=department, role__in=access.PAPER_TEMPLATES.roles).first()
    return role.user if role else None


def _templates(say) -> list[FormTemplate]:
    made = []
    for code in PROCEDURES:
        procedure = procedures.get_procedure_by_code(code)
        if procedure is None or procedure.current_version is None:
            continue
        user = _manager(procedure.department)
        if user is None:
            continue
        made.append(services.generate_template(procedure.current_version, by=user))
    say(f"paper forms: {FormTemplate.objects.count()}")
    return made


def _value_for(key: str) -> str:
    return SAMPLE.get(key.rsplit(".", 1)[-1], "")


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _batch(template: FormTemplate, say) -> None:
    if ScanBatch.objects.filter(original_name=DEMO_BATCH).exists():
        return
    import pypdfium2

    from . import layout

    layout_ = layout.Layout.from_json(template.layout)
    values = {z.key: _value_for(z.key) for z in layout_.zones if _value_for(z.key)}
    pdf = layout.render_form(template.procedure_version, values=values)
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = [page.render(scale=200 / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()
    batch = ScanBatch(
        department=template.department,
        original_name=DEMO_BATCH,
        size=len(pdf),
        sha256="0" * 64,
        state=ScanBatch.State.DONE,
        pages_total=len(images),
        pages_done=len(images),
    )
    batch.upload.save(DEMO_BATCH, ContentFile(pdf), save=False)
    batch.save()
    form = PaperForm.objects.create(batch=batch, template=template, department=template.department)
    mm = images[0].width / 210.0
    for index, image in enumerate(images):
        page = ScanPage(batch=batch, index=index, form=form, template=template, form_page=index + 1)
        page.image.save(f"demo-p{index + 1}.png", ContentFile(_png(image)), save=False)
        page.save()
        for n, zone in enumerate(layout_.zones_on(index + 1)):
            value = values.get(zone.key)
            if not value:
                continue
            box = (
                int(zone.x * mm),
                int(zone.y * mm),
                int((zone.x + zone.w) * mm),
                int((zone.y + zone.h) * mm),
            )
            key = zone.key.rsplit(".", 1)[-1]
            reading = FieldReading(
                form=form,
                page=page,
                key=zone.key,
                label=zone.label[:200],
                kind=str(zone.kind),
                read_value=MISREAD.get(key, value),
                confidence=0.55 if key in MISREAD else round(0.99 - 0.02 * (n % 7), 2),
            )
            reading.crop.save(f"demo-{zone.key}.png", ContentFile(_png(image.crop(box))), save=False)
            reading.save()
    say(f"paper: one scanned demo form waiting for verification ({form.fields.count()} fields)")


def load(say) -> None:
    made = _templates(say)
    if made:
        _batch(made[0], say)


LOADER = DemoLoader("paper", 96, load)
