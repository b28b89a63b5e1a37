"""Objects of paper for tests (and other apps' tests): a small procedure with a form that has
each kind of field, its generated template, batches and read forms made without the OCR engine."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.paper.models import FieldReading, FormTemplate, PaperForm, ScanBatch, ScanPage
from madoguchi.procedures.tests.factories import ProcedureFactory, ProcedureVersionFactory

SCHEMA = {
    "type": "object",
    "properties": {
        "applicant": {
            "type": "object",
            "title": "申請者",
            "properties": {
                "full_name": {"type": "string", "title": "氏名", "maxLength": 50},
                "full_name_kana": {"type": "string", "title": "氏名（フリガナ）", "format": "katakana"},
                "birth_date": {"type": "string", "title": "生年月日", "format": "date"},
                "postal_code": {"type": "string", "title": "郵便番号", "format": "jp-postal-code"},
                "phone": {"type": "string", "title": "電話番号", "format": "jp-phone"},
            },
            "required": ["full_name", "full_name_kana", "birth_date"],
        }
    },
}
MY_NUMBER = {"type": "string", "title": "個人番号", "format": "my-number"}
UI_SCHEMA = {
    "steps": [{"key": "applicant", "title": "申請者"}],
    "fields": {
        "applicant.full_name": {"widget": "text", "prefill": "person.full_name"},
        "applicant.full_name_kana": {"widget": "text", "prefill": "person.full_name_kana"},
        "applicant.birth_date": {"widget": "date", "prefill": "person.birth_date"},
        "applicant.postal_code": {"widget": "text", "prefill": "person.postal_code"},
        "applicant.phone": {"widget": "text", "prefill": "person.phone"},
    },
}
KINDS = {
    "applicant.full_name": "text",
    "applicant.full_name_kana": "katakana",
    "applicant.birth_date": "date",
    "applicant.postal_code": "postal",
    "applicant.phone": "phone",
    "applicant.my_number": "my_number",
}
GOOD = {
    "applicant.full_name": "紙野 花子",
    "applicant.full_name_kana": "カミノ ハナコ",
    "applicant.birth_date": "1985-04-01",
    "applicant.postal_code": "185-8501",
    "applicant.phone": "042-325-0111",
}
VALID_MY_NUMBER = "123456789018"  # check digit valid (core.japanese.mynumber)


def paper_procedure(department=None, *, my_number: bool = False, code: str | None = None):
    """A published procedure (and its version 1) with the fields the paper forms read."""
    import copy

    schema = copy.deepcopy(SCHEMA)
    if my_number:
        schema["properties"]["applicant"]["properties"]["my_number"] = dict(MY_NUMBER)
    extra = {"code": code} if code else {}
    procedure = ProcedureFactory(
        department=department or DepartmentFactory(), channels=["online", "postal", "counter"], **extra
    )
    ProcedureVersionFactory(procedure=procedure, schema=schema, ui_schema=copy.deepcopy(UI_SCHEMA))
    return procedure


def template(department=None, *, my_number: bool = False, procedure=None) -> FormTemplate:
    """The generated template of a paper procedure's current version (layout from paper.layout)."""
    from madoguchi.paper import layout

    procedure = procedure or paper_procedure(department, my_number=my_number)
    version = procedure.current_version
    return FormTemplate.objects.create(
        procedure_version=version,
        department=procedure.department,
        title=f"{procedure.name}（第{version.number}版）",
        layout=layout.layout_for(version).to_json(),
    )


def png(width: int = 40, height: int = 20, shade: int = 200) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height), shade).save(out, "PNG")
    return out.getvalue()


def batch(
    department=None, *, state=ScanBatch.State.DONE, pages: int = 1, name: str = "scan.png"
) -> ScanBatch:
    item = ScanBatch(
        department=department or DepartmentFactory(),
        original_name=name,
        size=10,
        sha256="0" * 64,
        state=state,
        pages_total=pages,
        pages_done=pages if state == ScanBatch.State.DONE else 0,
    )
    item.upload.save(name, ContentFile(png()), save=False)
    item.save()
    return item


def read_form(
    form_template: FormTemplate | None = None, *, values: dict | None = None, confidence: float = 0.9
) -> PaperForm:
    """A form as the task leaves it: one page, one FieldReading per value (read as given)."""
    form_template = form_template or template()
    scan_batch = batch(form_template.department)
    form = PaperForm.objects.create(
        batch=scan_batch, template=form_template, department=form_template.department
    )
    page = ScanPage(batch=scan_batch, index=0, form=form, template=form_template, form_page=1)
    page.image.save("page.png", ContentFile(png(210, 297, 250)), save=False)
    page.save()
    for n, (key, value) in enumerate((GOOD if values is None else values).items()):
        reading = FieldReading(
            form=form,
            page=page,
            key=key,
            label=key.rsplit(".", 1)[-1],
            kind=KINDS.get(key, "text"),
            read_value=value,
            confidence=max(0.0, confidence - n * 0.01),
        )
        reading.crop.save("crop.png", ContentFile(png()), save=False)
        reading.save()
    return form
