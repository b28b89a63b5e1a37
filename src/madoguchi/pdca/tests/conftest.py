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
    """1-エ「公共施設設置インターネット端末等の利用者数」: a manual indicator (the classes' figures are computed by learning)."""
    return plan.initiatives.get(code="1-エ").indicators.get(key="public-terminal-users")


@pytest.fixture
def publish_value(digital_staff, digital_approver):
    """Enter and approve a typed-in actual with its evidence: what makes a 年度 have public data."""
    from madoguchi.pdca import services
    from madoguchi.pdca.models import Indicator

    def publish(key: str, fiscal_year: int, value):
        indicator = Indicator.objects.get(key=key, initiative__plan__is_current=True)
        entry = services.enter_value(
            indicator,
            by=digital_staff,
            fiscal_year=fiscal_year,
            value=value,
            evidence_url=f"https://example.jp/evidence/{key}-{fiscal_year}.csv",
        )
        return services.approve_value(entry, by=digital_approver)

    return publish
