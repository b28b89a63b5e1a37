"""The plan's learning indicators, exact, from records made here; and the plan API shows them computed."""

from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory, staff_member
from madoguchi.learning.models import BurdenMeasure, Completion, SurveyAnswer, Topic
from madoguchi.pdca.metrics import metrics

from .factories import assignment, citizen_class, course, registration

pytestmark = pytest.mark.django_db
R = StaffRole.Role
FY = 2025  # 令和7年度: 2025-04-01 … 2026-03-31


def value(code, scope=None):
    return metrics.get(code).value(FY, scope)


def breakdown(code):
    return dict(metrics.get(code).breakdown(FY, None))


@pytest.fixture
def staff():
    """市民課 3 people, 介護保険課 2, and one who works in both (counted once for the city)."""
    shimin, kaigo = (
        DepartmentFactory(code="shimin", name="市民課"),
        DepartmentFactory(code="kaigo", name="介護保険課"),
    )
    people = {
        "s1": staff_member(shimin, R.RECEPTION, username="s1"),
        "s2": staff_member(shimin, R.REVIEW, username="s2"),
        "k1": staff_member(kaigo, R.REVIEW, username="k1"),
        "both": staff_member(shimin, R.APPROVAL, username="both"),
    }
    StaffRole.objects.create(user=people["both"], department=kaigo, role=R.APPROVAL)
    gone = staff_member(kaigo, R.RECEPTION, username="gone")
    gone.is_active = False
    gone.save()
    return people


def complete(course_, user, fiscal_year=FY):
    return Completion.objects.create(
        course=course_, user=user, fiscal_year=fiscal_year, number=f"{course_.code}-{user.pk}-{fiscal_year}"
    )


def test_security_training_count_and_attendance_rate_per_department(staff):
    security = course(code="sec", topic=Topic.SECURITY)
    assignment(security, opens_on=date(2025, 4, 10), fiscal_year=FY)
    assignment(security, opens_on=date(2025, 10, 1), fiscal_year=FY)
    assignment(security, opens_on=date(2026, 4, 1), fiscal_year=2026)  # next 年度
    assignment(course(code="dx", topic=Topic.DIGITAL), opens_on=date(2025, 5, 1), fiscal_year=FY)
    complete(security, staff["s1"])
    complete(security, staff["both"])
    complete(security, staff["k1"], fiscal_year=2024)  # last 年度 does not count
    assert value("security-training-count") == 2
    assert value("security-training-attendance-rate") == 50.0  # 2 of 4 active staff
    assert breakdown("security-training-attendance-rate") == {"市民課": 66.7, "介護保険課": 50.0}
    assert value("security-training-attendance-rate", {"department": "kaigo"}) == 50.0
    drill = metrics.get("security-training-attendance-rate").drill(FY, None)
    assert sorted((r.label, r.counted) for r in drill) == [
        ("both", True),
        ("k1", False),
        ("s1", True),
        ("s2", False),
    ]


def test_digital_training_and_basic_knowledge_rates(staff):
    dx = course(code="dx", topic=Topic.DIGITAL)
    assignment(dx, opens_on=date(2025, 6, 1), fiscal_year=FY)
    complete(dx, staff["k1"])
    basic = course(code="basic", topic=Topic.BASIC)
    assignment(basic, opens_on=date(2025, 6, 1), fiscal_year=FY)
    for name in ("s1", "s2", "k1"):
        complete(basic, staff[name])
    assert value("digital-training-count") == 1
    assert value("digital-training-attendance-rate") == 25.0
    assert breakdown("digital-training-attendance-rate") == {"市民課": 0.0, "介護保険課": 50.0}
    assert value("staff-basic-knowledge-rate") == 75.0
    assert breakdown("staff-basic-knowledge-rate") == {"市民課": 66.7, "介護保険課": 50.0}


def test_data_training_participants_are_people_not_completions(staff):
    first, second = course(code="ebpm1", topic=Topic.DATA), course(code="ebpm2", topic=Topic.DATA)
    complete(first, staff["s1"])
    complete(second, staff["s1"])
    complete(second, staff["k1"])
    assert value("data-training-participants") == 2


def test_a_year_without_training_or_classes_has_no_value(staff):
    for code in (
        "security-training-count",
        "security-training-attendance-rate",
        "digital-training-count",
        "digital-training-attendance-rate",
        "staff-basic-knowledge-rate",
        "data-training-participants",
        "digital-class-count",
        "digital-class-participants",
        "digital-class-understanding",
        "digital-class-satisfaction",
        "mynumber-burden-measures",
    ):
        assert value(code) is None, code


def _held(department, day, **kwargs):
    return citizen_class(department, starts_at=datetime(2025, day[0], day[1], 10, 0, tzinfo=JST), **kwargs)


def test_classes_held_participants_understanding_and_satisfaction():
    digital = DepartmentFactory(code="digital")
    first = _held(digital, (5, 10), capacity=10)
    second = _held(digital, (11, 20), capacity=10, topic="mynumber", title="申請サポート")
    cancelled = _held(digital, (6, 1), capacity=10)
    cancelled.status = "cancelled"
    cancelled.save()
    _held(digital, (3, 31), capacity=10)  # 2025-03-31 is last 年度
    citizen_class(digital, starts_at=timezone.now() + timedelta(days=30))  # not held yet
    answers = [(5, 5), (4, 3), (2, 4), (3, 5)]  # (理解度, 満足度)
    for n, (understanding, satisfaction) in enumerate(answers):
        record = registration(first if n < 3 else second, person=PersonFactory(), attended=True)
        SurveyAnswer.objects.create(
            registration=record, understanding=understanding, satisfaction=satisfaction
        )
    registration(second, name="欠席 一郎", attended=False)
    registration(second, name="待ち 二郎", status="waiting")
    assert value("digital-class-count") == 2
    assert breakdown("digital-class-count") == {"スマートフォンの基本操作": 1, "マイナンバーカードの申請": 1}
    assert value("digital-class-participants") == 4
    assert value("digital-class-understanding") == 50.0  # 5 and 4 of four answers
    assert value("digital-class-satisfaction") == 75.0  # 5, 4, 5
    assert breakdown("digital-class-understanding") == {"5": 1, "4": 1, "3": 1, "2": 1, "1": 0}
    assert value("learning.class-understanding-average") == 3.5
    assert value("learning.class-satisfaction-average") == 4.25


def test_mynumber_burden_measures_count_records_and_support_classes():
    digital = DepartmentFactory(code="digital")
    for held_on, kind in (
        (date(2025, 4, 1), "popup"),
        (date(2025, 9, 9), "support"),
        (date(2026, 3, 31), "extended"),
    ):
        BurdenMeasure.objects.create(
            kind=kind, title="施策", department=digital, held_on=held_on, place_name="駅前"
        )
    BurdenMeasure.objects.create(
        kind="popup", title="前年度", department=digital, held_on=date(2025, 3, 31), place_name="駅前"
    )
    _held(digital, (7, 7), topic="mynumber")
    _held(digital, (7, 8), topic="smartphone")
    assert value("mynumber-burden-measures") == 4
    assert breakdown("mynumber-burden-measures") == {
        "申請サポート（写真撮影・申請の手伝い）": 1,
        "出張申請受付": 1,
        "休日・夜間の受付・交付": 1,
        "マイナンバーカードの申請": 1,
    }


def test_the_plan_api_shows_the_learning_indicators_computed(staff):
    from madoguchi.pdca.loader import load_plan

    MunicipalityFactory()
    load_plan(say=lambda *a: None)
    this_year = __import__("madoguchi.core.japanese.fiscal", fromlist=["fiscal_year"]).fiscal_year(
        timezone.localdate()
    )
    from madoguchi.core.models import Department
    from madoguchi.learning import services

    security = course(Department.objects.get(code="shimin"), code="sec", topic=Topic.SECURITY)
    today = timezone.localdate()
    services.assign_course(security, by=staff["s2"], target="all", opens_on=today, due_on=today)  # an Event
    complete(security, staff["s1"], fiscal_year=this_year)
    data = Client().get("/api/v1/plan/indicators/").json()
    rows = {row["key"]: row for row in (data["results"] if isinstance(data, dict) else data)}
    learning = {
        "security-training-count",
        "security-training-attendance-rate",
        "digital-training-count",
        "digital-training-attendance-rate",
        "staff-basic-knowledge-rate",
        "data-training-participants",
        "digital-class-count",
        "digital-class-participants",
        "digital-class-understanding",
        "digital-class-satisfaction",
        "mynumber-burden-measures",
    }
    for key in learning:
        assert rows[key]["metric"] == key and rows[key]["metric_source"].startswith(
            "madoguchi.learning.metrics."
        )
        assert rows[key]["definition"] and rows[key]["plan_wording"], key
    [point] = [
        v for v in rows["security-training-attendance-rate"]["values"] if v["fiscal_year"] == this_year
    ]
    assert (point["actual"], point["source"]) == (25.0, "metric")
