import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.pdca.loader import load_plan, read_plan_file

# Every indicator of the 2022 plan is computed; a city's next plan may have some the platform
# cannot compute. These two stand for them: typed in, with evidence, approved by another person.
TYPED_IN = {
    "1-イ": {
        "key": "card-use-services",
        "kind": "activity",
        "name": "マイナンバーカードを利用できる市の行政サービスの数",
        "name_en": "City services that accept the My Number Card",
        "unit": "件",
        "direction": "higher",
        "baseline": None,
        "targets": [],
        "note": "",
    },
    "1-エ": {
        "key": "terminal-support-visits",
        "kind": "outcome",
        "name": "公共施設の端末の支援員に相談した人数",
        "name_en": "People helped at the public terminals",
        "unit": "人",
        "direction": "higher",
        "baseline": None,
        "targets": [],
        "note": "",
    },
}


@pytest.fixture
def plan_data():
    data = read_plan_file()
    for initiative in data["initiatives"]:
        if initiative["code"] in TYPED_IN:
            initiative["indicators"].append(dict(TYPED_IN[initiative["code"]]))
    return data


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
    """A typed-in indicator of 1-エ (TYPED_IN above)."""
    return plan.initiatives.get(code="1-エ").indicators.get(key="terminal-support-visits")


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
