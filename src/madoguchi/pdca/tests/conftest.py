import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.pdca.loader import load_plan, read_plan_file


@pytest.fixture
def plan_data():
    return read_plan_file()


@pytest.fixture
def plan(db, plan_data):
    MunicipalityFactory()
    for code in ("digital", "shimin", "kyodo", "johokanri", "shokuin", "seisaku"):
        DepartmentFactory(code=code)
    return load_plan(plan_data)


@pytest.fixture
def digital_staff(plan):
    """デジタル行政推進室の職員: enters values and reviews (no personal-data role, so no MFA)."""
    from madoguchi.core.models import Department

    return staff_member(
        Department.objects.get(code="digital"), StaffRole.Role.SYSADMIN, username="pdca-entrant"
    )


@pytest.fixture
def digital_approver(plan):
    from madoguchi.core.models import Department

    return staff_member(
        Department.objects.get(code="digital"), StaffRole.Role.SYSADMIN, username="pdca-approver"
    )


@pytest.fixture
def class_count(plan):
    """1-エ「講習会の開催回数」: a manual indicator."""
    return plan.initiatives.get(code="1-エ").indicators.get(key="digital-class-count")
