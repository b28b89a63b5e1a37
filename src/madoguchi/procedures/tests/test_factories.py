"""The factories other apps' tests build procedures with make what the catalog shows."""

import pytest

from madoguchi.procedures import services
from madoguchi.procedures.tests.factories import (
    ProcedureFactory,
    ProcedureVersionFactory,
    bundled_procedure,
    demo_departments,
)

pytestmark = pytest.mark.django_db


def test_a_factory_procedure_with_a_version_is_published_with_its_form():
    version = ProcedureVersionFactory()
    procedure = version.procedure
    assert procedure.is_published and procedure.current_version == version
    assert services.published_procedure(procedure.code) == procedure
    assert ProcedureVersionFactory(procedure=procedure).number == 2


def test_a_factory_procedure_without_a_version_has_no_form():
    assert ProcedureFactory().current_version is None


def test_a_bundled_procedure_loads_into_its_demo_department():
    departments = demo_departments()
    procedure = bundled_procedure("risai-shomei")
    assert procedure.department == departments["bosai"]
    assert procedure.current_version is not None
