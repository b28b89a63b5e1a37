import pypdfium2 as pdfium

from madoguchi.paper import imaging
from madoguchi.paper.fields import FieldKind
from madoguchi.paper.layout import (
    PAGE_H,
    PAGE_W,
    Layout,
    cells,
    layout_for,
    page_code,
    parse_form_code,
)

from . import synth


def test_layout_is_deterministic_and_inside_the_page():
    version = synth.version_from_file("tenshutsu")
    layout = layout_for(version)
    assert layout == layout_for(version)
    assert layout.form_code == "tenshutsu:1"
    assert layout.pages >= 1
    for zone in layout.zones:
        assert 1 <= zone.page <= layout.pages
        assert zone.x > 10 and zone.x + zone.w < PAGE_W - 10, zone
        assert zone.y > 30 and zone.y + zone.h < PAGE_H - 15, zone
    kinds = {zone.kind for zone in layout.zones}
    assert {FieldKind.KATAKANA, FieldKind.DATE, FieldKind.POSTAL, FieldKind.PHONE, FieldKind.TEXT} <= kinds


def test_boxes_per_kind():
    layout = layout_for(synth.version_from_file("tenshutsu"))
    postal = layout.zone("applicant.postal_code")
    assert postal.boxes == 7 and len(cells(postal)) == 7
    assert layout.zone("applicant.phone").boxes == 11
    date = layout.zone("applicant.birth_date")
    assert date.boxes == 6 and len(cells(date)) == 7  # era box + YY MM DD
    assert layout.zone("applicant.full_name").boxes == 0
    assert {"applicant.role=転出する本人", "applicant.role=世帯主"} <= {z.key for z in layout.zones}


def test_json_round_trip_and_a_staff_drawn_layout():
    layout = layout_for(synth.version_from_file("tenshutsu"))
    assert Layout.from_json(layout.to_json()) == layout
    drawn = Layout.from_json(
        {
            "form_code": "city-form:1",
            "zones": [
                {
                    "key": "applicant.phone",
                    "label": "電話",
                    "kind": "phone",
                    "x": 20,
                    "y": 40,
                    "w": 60,
                    "h": 8,
                    "boxes": 0,
                }
            ],
            "page_images": ["paper/templates/city-form-1.png"],
        }
    )
    assert drawn.pages == 1 and not drawn.marks and drawn.zones[0].kind == FieldKind.PHONE


def test_form_codes():
    assert parse_form_code(page_code("tenshutsu:3", 2)) == ("tenshutsu", 3, 2)
    assert parse_form_code("https://example.com") is None
    assert parse_form_code("") is None


def test_rendered_pages_carry_the_qr_code_and_the_marks():
    layout = layout_for(synth.version_from_file("tenshutsu"))
    pdf = synth.filled_form("tenshutsu", 7)[3]  # render_form with values, shared with test_imaging
    document = pdfium.PdfDocument(pdf)
    assert len(document) == layout.pages
    document.close()
    page = synth.rasterise(pdf, 200)[0]
    scan = imaging.prepare_page(page)
    assert (scan.form_code, scan.page) == ("tenshutsu:1", 1)
    assert scan.registered and not scan.blank
