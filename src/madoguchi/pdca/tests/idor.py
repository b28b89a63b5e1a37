"""IDOR registrations for pdca routes (tests/quality/idor.py): the plan pages, the yearly report
and the indicator API are public and show approved figures only; the staff pages belong to the
initiative's owning departments (and the plan office, `pdca.services.pdca_office_code`)."""

from tests.quality.idor import IdorCase, object_factory, public

public("pdca:initiative", "the plan's public page: published initiative text and approved figures only")
public("pdca:report_csv", "the yearly evaluation report, published to residents (approved figures only)")
public("pdca:report_pdf", "the yearly evaluation report, published to residents (approved figures only)")
public(
    "api-v1:plan-indicator-detail",
    "the public indicator API (AllowAny): the current plan's targets and approved actuals only",
)

SECRET_ENTRANT = "idor-pdca-entrant"  # who entered a value not yet approved: shown to staff only
SECRET_REVIEW = "IDOR確認用の評価メモ"  # this initiative's review, listed on its staff review page


def _initiative():
    """An initiative of the current plan owned by one department (not the plan office)."""
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.pdca.models import Initiative, Plan

    department = DepartmentFactory()
    plan = Plan.objects.create(
        code="idor-plan", name="IDOR確認用計画", period_start_fy=2022, period_end_fy=2024, is_current=True
    )
    initiative = Initiative.objects.create(plan=plan, code="9-ア", slug="idor-9-a", title="IDOR確認用の取組")
    initiative.owner_departments.add(department)
    return initiative, department


def _unapproved_value():
    from decimal import Decimal

    from madoguchi.core.tests.factories import UserFactory
    from madoguchi.pdca.models import Indicator, IndicatorValue

    initiative, department = _initiative()
    indicator = Indicator.objects.create(
        initiative=initiative, key="idor-count", kind=Indicator.Kind.ACTIVITY, name="IDOR確認用の指標"
    )
    value = IndicatorValue.objects.create(
        indicator=indicator,
        fiscal_year=2023,
        value=Decimal("12345"),
        evidence_url="https://example.jp/idor-evidence",
        entered_by=UserFactory(username=SECRET_ENTRANT, is_staff=True),
    )
    return value, department


@object_factory("pdca:staff_indicator")
def staff_indicator_page():
    value, department = _unapproved_value()
    return IdorCase(kwargs={"pk": value.indicator_id}, department=department, marker=SECRET_ENTRANT)


@object_factory("pdca:staff_approve")
def staff_approve_value():
    value, department = _unapproved_value()
    # POST only; another department's staff are refused before the method check.
    return IdorCase(kwargs={"pk": value.pk}, department=department, owner_status=405)


@object_factory("pdca:staff_review")
def staff_review_page():
    from madoguchi.pdca.models import Review

    initiative, department = _initiative()
    Review.objects.create(
        initiative=initiative, fiscal_year=2023, status=Review.Status.DELAYED, check_note=SECRET_REVIEW
    )
    return IdorCase(kwargs={"slug": initiative.slug}, department=department, marker=SECRET_REVIEW)
