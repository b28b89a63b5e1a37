"""factory-boy factories for the procedure catalog. Other apps' tests build procedures with these
(never through this app's conftest fixtures)."""

import json

import factory
from django.utils import timezone

from madoguchi.core.demo import DEPARTMENTS
from madoguchi.core.models import Department
from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.procedures.models import Procedure, ProcedureVersion
from madoguchi.procedures.services import DATA_DIR, load_procedure_definition

__all__ = [
    "DEPARTMENTS",
    "ProcedureFactory",
    "ProcedureVersionFactory",
    "bundled_procedure",
    "definition",
    "demo_departments",
]

# The smallest form a version can hold: one required text field.
SIMPLE_SCHEMA = {
    "type": "object",
    "properties": {"full_name": {"type": "string", "title": "氏名"}},
    "required": ["full_name"],
}


def definition(code: str) -> dict:
    """A bundled procedure's definition (procedures/data/procedures/<code>.json)."""
    return json.loads((DATA_DIR / f"{code}.json").read_text(encoding="utf-8"))


def demo_departments() -> dict[str, Department]:
    """The demo city's departments (bundled procedures name them by code), by code."""
    for order, (code, name, name_en, kind, _parent, phone) in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone, "sort_order": order},
        )
    return {d.code: d for d in Department.objects.all()}


def bundled_procedure(code: str, *, publish: bool = True) -> Procedure:
    """A bundled procedure loaded as the city loads it (its department must exist: demo_departments)."""
    return load_procedure_definition(definition(code), publish=publish)


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A published procedure without a form; add one with ProcedureVersionFactory."""

    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-procedure-{n}")
    name = factory.Sequence(lambda n: f"テスト手続{n}")
    name_en = factory.Sequence(lambda n: f"Test procedure {n}")
    department = factory.SubFactory(DepartmentFactory)
    channels = factory.LazyFunction(lambda: ["online", "counter"])
    is_published = True


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    """A published form version (number 1, 2, … per procedure)."""

    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    number = factory.LazyAttribute(lambda v: v.procedure.versions.count() + 1)
    schema = factory.LazyFunction(lambda: json.loads(json.dumps(SIMPLE_SCHEMA)))
    ui_schema = factory.LazyFunction(dict)
    published_at = factory.LazyFunction(timezone.now)
