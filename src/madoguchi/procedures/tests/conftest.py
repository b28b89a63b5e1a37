import json

import pytest
from django.utils import translation

from madoguchi.core.demo import DEPARTMENTS  # noqa: F401  (re-exported for tests)
from madoguchi.core.models import Department
from madoguchi.procedures.services import DATA_DIR, load_procedure_definition


def definition(code: str) -> dict:
    return json.loads((DATA_DIR / f"{code}.json").read_text(encoding="utf-8"))


@pytest.fixture
def departments(db):
    """The demo city's departments (procedures name them by code)."""
    for order, (code, name, name_en, kind, _parent, phone) in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone, "sort_order": order},
        )
    return {d.code: d for d in Department.objects.all()}


@pytest.fixture
def genkyo(departments):
    """児童手当の現況届, published."""
    return load_procedure_definition(definition("jidou-teate-genkyo"))


@pytest.fixture(autouse=True)
def _japanese():
    """Messages are asserted in Japanese; a request in English must not leak into the next test."""
    translation.activate("ja")
    yield
    translation.activate("ja")
