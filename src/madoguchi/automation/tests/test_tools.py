"""The tools register, the pilots and the 標準化 work stages, and the plan's indicators computed
from them (exact figures on small, hand-made records)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from madoguchi.automation import services
from madoguchi.automation.models import MigrationStage, Pilot
from madoguchi.core.japanese.fiscal import fiscal_year as fiscal_year_of
from madoguchi.core.models import Department, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.pdca.metrics import metrics

from .factories import digital_tool, migration_stage, pilot

pytestmark = pytest.mark.django_db
KA, BU = Department.Kind.KA, Department.Kind.BU


@pytest.fixture
def divisions():
    """Four divisions (課・室) and one 部, which the rate does not count."""
    DepartmentFactory(code="bu", kind=BU)
    return [DepartmentFactory(code=f"ka-{n}", kind=KA if n < 3 else Department.Kind.SHITSU) for n in range(4)]


def test_adoption_rate_counts_divisions_with_a_tool_in_use_during_the_year(divisions):
    a, b, c, _d = divisions
    digital_tool(a, used_from=date(2020, 4, 1))  # in use since before
    digital_tool(a, name="チャットボット", used_from=date(2024, 5, 1))  # a second tool: still one division
    digital_tool(b, used_from=date(2023, 1, 1), used_until=date(2024, 6, 30))  # ended during 2024
    digital_tool(c, used_from=date(2022, 4, 1), used_until=date(2024, 3, 31))  # ended before 2024
    digital_tool(DepartmentFactory(code="bu2", kind=BU), used_from=date(2020, 4, 1))  # a 部: not counted
    rate = metrics.get("dept-digital-adoption-rate")
    assert rate.value(2024) == 50.0  # a, b of 4
    assert rate.value(2023) == 75.0  # a, b, c
    assert rate.value(2019) is None  # no tool in the register yet: データなし, not 0%
    drill = rate.drill(2024, None)
    assert sorted(r.department for r in drill if r.counted) == sorted([a.name, b.name])


def test_adoption_rate_is_zero_once_the_register_is_kept_and_no_division_uses_a_tool(divisions):
    digital_tool(divisions[0], used_from=date(2020, 4, 1), used_until=date(2021, 3, 31))
    rate = metrics.get("dept-digital-adoption-rate")
    assert rate.value(2020) == 25.0
    assert rate.value(2022) == 0.0


def test_a_tool_noted_from_another_apps_records_is_registered_once_and_counts(divisions):
    a = divisions[0]
    first = services.note_tool_in_use(a, kind="chatbot", name="問合せ案内", on=date(2024, 5, 1))
    again = services.note_tool_in_use(a, kind="chatbot", name="問合せ案内", on=date(2024, 9, 1))
    assert again.pk == first.pk and first.used_from == date(2024, 5, 1)
    other = services.note_tool_in_use(a, kind="ai_ocr", name="AI-OCR", on=date(2024, 9, 1))
    assert other.pk != first.pk  # another kind is another tool
    services.retire_tool(first, by=None, used_until=date(2024, 12, 31))
    later = services.note_tool_in_use(a, kind="chatbot", name="問合せ案内", on=date(2025, 6, 1))
    assert later.pk != first.pk  # used again after it was retired: a new period
    assert metrics.get("dept-digital-adoption-rate").value(2024) == 25.0


def test_adoption_rate_without_divisions_is_none():
    DepartmentFactory(code="only-bu", kind=BU)
    assert metrics.get("dept-digital-adoption-rate").value(2024) is None


def test_pilots_are_counted_in_the_year_they_start():
    pilot(started_on=date(2024, 4, 1))
    pilot(started_on=date(2025, 3, 31))
    pilot(started_on=date(2025, 4, 1))
    count = metrics.get("bpr-tool-pilots")
    assert (count.value(2023), count.value(2024)) == (0, 2)


def test_standardization_progress_is_done_over_planned_by_the_year_end():
    S = MigrationStage.Stage
    migration_stage(stage=S.ANALYSIS, planned_on=date(2022, 9, 30), done_on=date(2022, 9, 1))
    migration_stage(stage=S.GAP, planned_on=date(2023, 3, 31), done_on=date(2023, 6, 30))  # late
    migration_stage(stage=S.SELECTION, planned_on=date(2023, 12, 31), done_on=date(2023, 12, 1))
    migration_stage(stage=S.MIGRATION, planned_on=date(2024, 12, 31))
    progress = metrics.get("standardization-progress")
    assert progress.value(2021) is None  # nothing planned yet
    assert progress.value(2022) == 50.0  # 1 done of 2 planned by 2023-03-31
    assert progress.value(2023) == 100.0  # 3 of 3
    assert progress.value(2024) == 75.0  # 3 of 4
    assert [r.counted for r in progress.drill(2024, None)] == [True, True, True, False]


def test_the_indicators_are_computed_in_the_plan_api(divisions):
    from madoguchi.pdca.loader import load_plan

    load_plan(say=lambda *a: None)
    this_year = fiscal_year_of(timezone.localdate())
    start = date(this_year, 4, 1)
    # through the services, which write the Events (pdca computes from the first year with any)
    services.register_tool(divisions[0], by=None, kind="ai_ocr", name="AI-OCR", used_from=start)
    services.start_pilot(divisions[0], by=None, kind="rpa", tool_name="RPA", purpose="入力", started_on=start)
    total = services.divisions().count()  # the plan's own departments count too
    rows = Client().get("/api/v1/plan/indicators/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    by_key = {row["key"]: row for row in rows}
    for key, expected in (("dept-digital-adoption-rate", round(100 / total, 1)), ("bpr-tool-pilots", 1)):
        assert by_key[key]["metric_source"].startswith("madoguchi.automation.metrics."), key
        [point] = [v for v in by_key[key]["values"] if v["fiscal_year"] == this_year]
        assert float(point["actual"]) == expected, key


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"result": "running", "ended_on": date(2024, 9, 1), "findings": "x"}, "result", "導入または見送り"),
        ({"result": "adopted", "ended_on": date(2024, 1, 1), "findings": "x"}, "ended_on", "開始日以降"),
        ({"result": "adopted", "ended_on": date(2024, 9, 1), "findings": " "}, "findings", "効果・課題"),
    ],
)
def test_a_pilot_result_needs_its_outcome_date_and_findings(kwargs, field, message):
    item = pilot(started_on=date(2024, 6, 1))
    with pytest.raises(ValidationError) as caught:
        services.conclude_pilot(item, by=None, **kwargs)
    assert message in " ".join(caught.value.message_dict[field])
    assert Pilot.objects.get(pk=item.pk).result == Pilot.Result.RUNNING


def test_a_stage_cannot_be_done_in_the_future():
    stage = migration_stage(planned_on=date(2024, 10, 1))
    with pytest.raises(ValidationError, match="未来の日付"):
        services.record_stage_done(stage, by=None, done_on=timezone.localdate() + timedelta(days=1))
    assert MigrationStage.objects.get(pk=stage.pk).done_on is None


def test_staff_register_a_tool_and_a_pilot_for_their_own_department_only(client):
    MunicipalityFactory()
    mine, other = DepartmentFactory(code="mine"), DepartmentFactory(code="other")
    login_staff(client, staff_member(mine, StaffRole.Role.REVIEW, username="tools-clerk"))
    page = client.get("/staff/automation/tools/")
    assert page.status_code == 200
    client.post(
        "/staff/automation/tools/",
        {
            "action": "tool",
            "tool-department": mine.pk,
            "tool-kind": "ai_ocr",
            "tool-name": "AI-OCR",
            "tool-used_from": "2024-04-01",
        },
    )
    refused = client.post(
        "/staff/automation/tools/",
        {
            "action": "tool",
            "tool-department": other.pk,
            "tool-kind": "rpa",
            "tool-name": "RPA",
            "tool-used_from": "2024-04-01",
        },
    )
    assert refused.status_code == 200  # the form offers only the user's departments: nothing saved
    assert not services.tools_in_use(2024).filter(department=other).exists()
    client.post(
        "/staff/automation/tools/",
        {
            "action": "pilot",
            "pilot-department": mine.pk,
            "pilot-kind": "rpa",
            "pilot-name": "RPA試行",
            "pilot-purpose": "現況届の入力",
            "pilot-used_from": "2024-06-01",
        },
    )
    assert list(services.tools_in_use(2024).values_list("department__code", "name")) == [("mine", "AI-OCR")]
    assert list(Pilot.objects.values_list("department__code", "tool_name", "purpose")) == [
        ("mine", "RPA試行", "現況届の入力")
    ]
