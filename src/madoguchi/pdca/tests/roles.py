"""Role-matrix cases for the plan's progress management (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.pdca import services
from madoguchi.pdca.models import Indicator, IndicatorValue, Initiative, Plan


def manual_indicator() -> Indicator:
    """1-エ「公共施設設置インターネット端末等の利用者数」 of 協働コミュニティ課: entered by hand, with evidence and approval.
    The plan office (デジタル行政推進室) exists too, as in the city: its staff may act on every
    initiative, so the matrix's "another department" is neither."""
    DepartmentFactory(code=services.pdca_office_code(), name="デジタル行政推進室")
    owner = DepartmentFactory(code="kyodo", name="協働コミュニティ課")
    plan = Plan.objects.create(
        code="role-matrix-plan", name="行政デジタル化推進計画", period_start_fy=2022, period_end_fy=2026
    )
    initiative = Initiative.objects.create(plan=plan, code="1-エ", slug="1-e", title="デジタルデバイド対策")
    initiative.owner_departments.add(owner)
    return Indicator.objects.create(
        initiative=initiative,
        key="terminal-support-visits",
        kind=Indicator.Kind.ACTIVITY,
        name="公共施設の端末の支援員に相談した人数",
    )


@decision("indicator.enter")
def enter_an_actual_value():
    indicator = manual_indicator()
    return Decision(
        department=indicator.initiative.owner_departments.get(),
        perform=lambda user: services.enter_value(
            indicator, by=user, fiscal_year=2024, value=12, evidence_url="https://example.jp/classes-2024.pdf"
        ),
        effect=lambda: IndicatorValue.objects.filter(indicator=indicator).count(),
    )


@decision("indicator.approve")
def approve_an_actual_value():
    indicator = manual_indicator()
    owner = indicator.initiative.owner_departments.get()
    entrant = staff_member(owner, StaffRole.Role.REVIEW, username="pdca-entrant")
    entry = services.enter_value(
        indicator, by=entrant, fiscal_year=2024, value=12, evidence_url="https://example.jp/classes-2024.pdf"
    )
    return Decision(
        department=owner,
        perform=lambda user: services.approve_value(entry, by=user),
        effect=lambda: IndicatorValue.objects.get(pk=entry.pk).approved_by_id,
    )
