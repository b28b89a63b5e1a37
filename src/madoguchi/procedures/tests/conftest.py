import pytest
from django.utils import translation

from madoguchi.procedures.tests.factories import (  # noqa: F401  (DEPARTMENTS, definition: re-exported)
    DEPARTMENTS,
    bundled_procedure,
    definition,
    demo_departments,
)


@pytest.fixture
def departments(db):
    """The demo city's departments (procedures name them by code)."""
    return demo_departments()


@pytest.fixture
def genkyo(departments):
    """児童手当の現況届, published."""
    return bundled_procedure("jidou-teate-genkyo")


@pytest.fixture(autouse=True)
def _japanese():
    """Messages are asserted in Japanese; a request in English must not leak into the next test."""
    translation.activate("ja")
    yield
    translation.activate("ja")
