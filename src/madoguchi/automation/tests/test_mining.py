"""Process mining of the case Events: a synthetic log with a planted bottleneck and a planted
rework loop is found by the analysis, the staff page and the API; real cases written by the
applications services are read the same way; the XES export reloads in pm4py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from madoguchi.automation import services
from madoguchi.automation.services.mining import Step, Trace
from madoguchi.core.models import Event, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

PLANTS = [("review_started", "approved"), ("submitted", "review_started")]


@pytest.fixture
def procedure():
    MunicipalityFactory()
    return ProcedureFactory(code="mining-genkyo", name="現況届（分析）")


@pytest.fixture
def analyst(procedure):
    return staff_member(procedure.department, StaffRole.Role.REVIEW, username="bpr-analyst")


def synthetic(procedure, plant, **kwargs):
    return services.make_synthetic_log(
        procedure.code, cases=150, seed=7, starts_on=date(2025, 4, 1), days=200, bottleneck=plant, **kwargs
    )


@pytest.mark.parametrize("plant", PLANTS, ids=["at-decision", "at-intake"])
def test_the_analysis_names_the_planted_bottleneck_and_rework_loop(procedure, plant):
    log = synthetic(procedure, plant, rework_share=0.4)
    analysis = services.analyse(services.event_log(procedure.code, source="synthetic"))
    assert analysis.cases == log.cases
    assert (analysis.bottleneck.source, analysis.bottleneck.target) == plant
    # about 40% of cases sent back (binomial, 150 cases): the loop and its back edge are there
    assert 30 <= analysis.rework.share <= 50
    assert analysis.rework.cycles > analysis.rework.cases  # some cases went round more than once
    assert analysis.rework.repeated["review_started"] == analysis.rework.cases - _gave_up_at_once(analysis)
    back = {(e.source, e.target) for e in analysis.edges if e.is_backward}
    assert back == {("resubmitted", "review_started")}


def _gave_up_at_once(analysis):
    """Cases withdrawn after their only 補正依頼 (they meet 審査開始 once)."""
    return sum(
        v.count
        for v in analysis.variants
        if v.activities.count("correction_requested") == 1 and v.activities[-1] == "withdrawn"
    )


def test_without_rework_no_loop_is_reported(procedure):
    synthetic(procedure, PLANTS[0], rework_share=0)
    analysis = services.analyse(services.event_log(procedure.code, source="synthetic"))
    assert analysis.rework.cases == 0 and analysis.rework.share == 0
    assert not [e for e in analysis.edges if e.is_backward]


def test_before_and_after_the_change_date(procedure):
    change = date(2025, 7, 1)
    synthetic(procedure, PLANTS[0], change_on=change)
    comparison = services.compare(services.event_log(procedure.code, source="synthetic"), change)
    before, after = comparison.before, comparison.after
    assert before.cases + after.cases == 150 and before.cases and after.cases
    assert (before.bottleneck.source, before.bottleneck.target) == PLANTS[0]
    assert after.processing.median < before.processing.median / 3  # the slow hand-over was fixed


def test_hand_made_traces_give_exact_figures():
    t0 = timezone.now()
    day = timedelta(days=1)
    traces = [
        Trace("1", [Step("submitted", t0), Step("review_started", t0 + day), Step("approved", t0 + 3 * day)]),
        Trace(
            "2",
            [
                Step("submitted", t0),
                Step("review_started", t0 + day),
                Step("correction_requested", t0 + 2 * day),
                Step("resubmitted", t0 + 6 * day),
                Step("review_started", t0 + 7 * day),
                Step("approved", t0 + 8 * day),
            ],
        ),
        Trace(
            "3", [Step("submitted", t0), Step("review_started", t0 + 3 * day), Step("approved", t0 + 4 * day)]
        ),
    ]
    analysis = services.analyse(traces)
    edges = {(e.source, e.target): e for e in analysis.edges}
    assert edges[("submitted", "review_started")].count == 3
    assert edges[("submitted", "review_started")].durations.days() == 1.0  # median of 1, 1, 3
    assert edges[("review_started", "approved")].durations.days() == 1.0  # median of 2, 1, 1
    assert edges[("correction_requested", "resubmitted")].durations.days("total") == 4.0
    assert [v.count for v in analysis.variants] == [2, 1]
    assert analysis.variants[0].share == pytest.approx(66.7)
    assert analysis.throughput.days() == 4.0  # 3, 8, 4 days
    assert analysis.processing.days() == 4.0
    assert (analysis.rework.cases, analysis.rework.cycles, analysis.rework.max_cycles) == (1, 1, 1)
    assert analysis.rework.correction_time.days() == 4.0
    # all time per hand-over: intake 5 days, correction 4, decision 4, re-review 1
    assert (analysis.bottleneck.source, analysis.bottleneck.target) == ("submitted", "review_started")
    waits = {a.activity: a.wait.days() for a in analysis.activities}
    assert waits == {
        "submitted": None,
        "review_started": 1.0,
        "correction_requested": 1.0,
        "resubmitted": 4.0,
        "approved": 1.0,
    }


def test_the_page_and_the_api_name_the_bottleneck_and_the_rework_loop(client, procedure, analyst):
    synthetic(procedure, PLANTS[0], rework_share=0.4, change_on=date(2025, 7, 1))
    login_staff(client, analyst)
    page = client.get(f"/staff/automation/mining/{procedure.code}/", {"source": "synthetic"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "審査開始 → 承認" in html  # the bottleneck, named
    assert "補正依頼" in html and "<svg" in html and "<table" in html
    api = client.get(
        f"/api/v1/automation/mining/{procedure.code}/", {"source": "synthetic", "change": "2025-07-01"}
    )
    assert api.status_code == 200
    body = api.json()
    assert (body["analysis"]["bottleneck"]["source"], body["analysis"]["bottleneck"]["target"]) == PLANTS[0]
    assert body["analysis"]["rework"]["cases"] > 0 and body["analysis"]["rework"]["label"] == "補正依頼"
    assert body["comparison"]["before"]["cases"] + body["comparison"]["after"]["cases"] == 150


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2025-13-01"}, "2025-04-01 の形"),
        ({"start": "2025-05-01", "end": "2025-04-01"}, "始めの日より後"),
    ],
)
def test_a_bad_period_gets_a_message(client, procedure, analyst, params, message):
    login_staff(client, analyst)
    page = client.get(f"/staff/automation/mining/{procedure.code}/", params)
    assert message in page.content.decode()
    api = client.get(f"/api/v1/automation/mining/{procedure.code}/", params)
    assert api.status_code == 400 and message in str(api.json())


def test_another_department_cannot_mine_the_procedure(client, procedure):
    synthetic(procedure, PLANTS[0])
    outsider = staff_member(DepartmentFactory(), StaffRole.Role.REVIEW, username="bpr-outsider")
    login_staff(client, outsider)
    assert client.get(f"/staff/automation/mining/{procedure.code}/").status_code == 404
    assert client.get(f"/api/v1/automation/mining/{procedure.code}/").status_code in (403, 404)


def test_xes_export_reloads_in_pm4py_with_the_same_cases_and_events(procedure, tmp_path):
    pm4py = pytest.importorskip("pm4py")
    synthetic(procedure, PLANTS[0], rework_share=0.3)
    out = tmp_path / "genkyo.xes"
    call_command(
        "mining", "export-xes", "--procedure", procedure.code, "--source", "synthetic", "--out", str(out)
    )
    log = pm4py.read_xes(str(out))
    cases = Event.objects.filter(
        subject_type="automation.syntheticcase", verb="submitted", data__procedure=procedure.code
    )
    events = Event.objects.filter(
        subject_type="automation.syntheticcase",
        subject_id__in=cases.values("subject_id"),
        verb__in=services.mining.STEPS,
    )
    assert log["case:concept:name"].nunique() == cases.count() == 150
    assert len(log) == events.count()
    assert set(log["concept:name"]) <= set(services.mining.STEPS)
    first = events.order_by("time").first()
    assert log["time:timestamp"].min().to_pydatetime() == first.time


def test_cases_written_by_the_applications_services_are_mined_and_exported(
    client, procedure, analyst, tmp_path
):
    """The real log: what applications writes (受付, 審査開始, 補正依頼, 再提出, 承認) and nothing else
    (a note is not a step; another procedure's case is not in the log)."""
    pm4py = pytest.importorskip("pm4py")
    from madoguchi.applications import services as cases
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.identity.testing import resident_user
    from madoguchi.procedures.tests.factories import ProcedureVersionFactory

    ProcedureVersionFactory(procedure=procedure)
    other = ProcedureVersionFactory().procedure
    chief = staff_member(procedure.department, StaffRole.Role.APPROVAL, username="bpr-chief")
    person = PersonFactory()
    resident = resident_user(person)
    sent = cases.submit_application(
        procedure, applicant=person, data={"full_name": "国分寺　花子"}, channel="online", by=resident
    )
    cases.start_review(sent, by=analyst)
    cases.add_note(sent, by=analyst, text="確認中")
    cases.request_correction(sent, by=analyst, reason="口座番号をご確認ください")
    cases.resubmit(sent, by=resident, data={"full_name": "国分寺　花子"})
    cases.approve(sent, by=chief)
    second = cases.submit_application(
        procedure, applicant=person, data={"full_name": "国分寺　花子"}, channel="counter", by=None
    )
    cases.submit_application(
        other, applicant=person, data={"full_name": "国分寺　花子"}, channel="online", by=resident
    )

    traces = services.event_log(procedure.code)
    assert [(t.case_id, t.activities) for t in traces] == [
        (str(sent.pk), ("submitted", "review_started", "correction_requested", "resubmitted", "approved")),
        (str(second.pk), ("submitted",)),
    ]
    analysis = services.analyse(traces)
    assert (analysis.rework.cases, analysis.rework.cycles) == (1, 1)
    login_staff(client, analyst)
    body = client.get(f"/api/v1/automation/mining/{procedure.code}/").json()
    assert body["analysis"]["cases"] == 2 and body["analysis"]["events"] == 6
    out = tmp_path / "real.xes"
    call_command("mining", "export-xes", "--procedure", procedure.code, "--out", str(out))
    log = pm4py.read_xes(str(out))
    in_database = Event.objects.filter(
        subject_type="applications.application",
        subject_id__in=[str(sent.pk), str(second.pk)],
        verb__in=services.mining.STEPS,
    )
    assert (log["case:concept:name"].nunique(), len(log)) == (2, in_database.count())


def test_median_processing_days_per_procedure_is_a_supporting_metric():
    from datetime import datetime

    from madoguchi.pdca.metrics import metrics

    start = timezone.make_aware(datetime(2024, 5, 7, 10))

    def case(number, procedure, decided_after_days, verb="approved"):
        Event.objects.create(
            time=start,
            subject_type="applications.application",
            subject_id=number,
            verb="submitted",
            data={"procedure": procedure},
        )
        if decided_after_days is not None:
            Event.objects.create(
                time=start + timedelta(days=decided_after_days),
                subject_type="applications.application",
                subject_id=number,
                verb=verb,
            )

    case("901", "a", 2)
    case("902", "a", 6, verb="rejected")
    case("903", "b", 10)
    case("904", "b", None)  # not decided yet: not counted
    metric = metrics.get("automation.median-processing-days")
    assert metric.value(2024) == 6.0
    assert metric.value(2024, {"procedure": "a"}) == 4.0
    assert metric.value(2023) is None
    assert metric.breakdown(2024, None) == {"a": 4.0, "b": 10.0}
