"""The demo loader: printable forms for a few procedures and one read form waiting in the queue."""

import pytest

from madoguchi.core.demo import load_staff
from madoguchi.paper.demo import LOADER, PROCEDURES
from madoguchi.paper.models import FieldReading, FormTemplate, PaperForm
from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_without_running_the_ocr_engine(monkeypatch):
    from madoguchi.paper import engines

    monkeypatch.setattr(engines, "read_field", lambda *a, **k: pytest.fail("no OCR at make run"))
    demo_departments()
    for code in PROCEDURES:
        bundled_procedure(code)
    load_staff(lambda *a: None)
    LOADER.load(lambda *a: None)
    counts = [m.objects.count() for m in (FormTemplate, PaperForm, FieldReading)]
    LOADER.load(lambda *a: None)
    assert [m.objects.count() for m in (FormTemplate, PaperForm, FieldReading)] == counts
    assert counts[0] == len(PROCEDURES) and counts[1] == 1 and counts[2] > 3
    form = PaperForm.objects.get()
    assert form.fields.filter(confidence__lt=0.6).exists()  # a misreading to correct
    assert all(reading.crop for reading in form.fields.all())
