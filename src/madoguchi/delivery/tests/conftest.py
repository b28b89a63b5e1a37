import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory, staff_member
from madoguchi.procedures.tests.factories import demo_departments


@pytest.fixture
def city(db):
    return MunicipalityFactory()


@pytest.fixture
def departments(db):
    """The demo city's departments (procedures name them by code)."""
    return demo_departments()


@pytest.fixture
def bosai(db):
    return DepartmentFactory(
        code="bosai", name="防災安全課", name_en="Disaster Prevention and Safety Division"
    )


@pytest.fixture
def bosai_chief(bosai):
    return staff_member(bosai, StaffRole.Role.APPROVAL, username="bosai-chief")


@pytest.fixture
def bosai_reviewer(bosai):
    return staff_member(bosai, StaffRole.Role.REVIEW, username="bosai-reviewer")


@pytest.fixture
def resident(city):
    return PersonFactory(family_name="国分", given_name="花子", email="hanako@example.jp")
