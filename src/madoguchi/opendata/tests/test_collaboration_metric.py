"""3-ウ「優先的に公開すべき情報の調査に基づく連携、協働検討数」 (priority-data-collaborations): data
requests first answered 公開予定 or 公開済み in the 年度, plus collaborations held in the 年度; exact
figures at the 年度 edges (JST), and the figure as /api/v1/plan/indicators/ publishes it."""

import datetime
from unittest import mock

import pytest

from madoguchi.core.models import Event
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.opendata import metrics as figures
from madoguchi.opendata import services
from madoguchi.opendata.models import DataRequest
from madoguchi.pdca.metrics import metrics

from .factories import DatasetFactory

pytestmark = pytest.mark.django_db

JST = datetime.timezone(datetime.timedelta(hours=9))
Status = DataRequest.Status


def at(*args):
    return datetime.datetime(*args, tzinfo=JST)


def request(department, title):
    return services.submit_data_request(
        by=None, department=department, title=title, description="内容", purpose="目的"
    )


def answer(data_request, when, status, **fields):
    with mock.patch("django.utils.timezone.now", return_value=when):
        services.answer_data_request(data_request, by=None, status=status, **fields)


def study(department, held_on, title="検討会", partner_kind="civic_tech"):
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2030, 1, 1)):
        return services.record_collaboration(
            by=None,
            department=department,
            title=title,
            partner="Code for 国分寺",
            partner_kind=partner_kind,
            held_on=held_on,
            summary="データの公開について検討した",
        )


@pytest.fixture
def bosai():
    return DepartmentFactory(code="bosai", name="防災安全課")


@pytest.fixture
def records(bosai):
    """FY2023 (令和5年度) is 2023-04-01 00:00 JST to 2024-03-31 24:00 JST."""
    kyodo = DepartmentFactory(code="kyodo", name="協働コミュニティ課")
    dataset = DatasetFactory(published=True, organization=bosai)
    answer(request(bosai, "A"), at(2023, 4, 1, 0, 0), Status.PLANNED, planned_for="令和6年度")
    answer(request(bosai, "B"), at(2023, 3, 31, 23, 59), Status.PLANNED, planned_for="令和5年度")
    answer(request(bosai, "C"), at(2023, 6, 1), Status.REFUSED, answer="個人情報を含むため")
    planned_then_refused = request(kyodo, "D")
    answer(planned_then_refused, at(2023, 10, 1), Status.PLANNED, answer="検討します")
    answer(planned_then_refused, at(2024, 5, 1), Status.REFUSED, answer="予算がつかず")
    request(bosai, "E")  # 回答待ち
    answer(request(kyodo, "F"), at(2024, 3, 31, 23, 59, 59), Status.PUBLISHED, dataset=dataset)
    study(bosai, datetime.date(2023, 4, 1), "X")
    study(kyodo, datetime.date(2024, 3, 31), "Y", partner_kind="business")
    study(bosai, datetime.date(2024, 4, 1), "Z")
    study(bosai, datetime.date(2023, 3, 31), "W")
    return kyodo


def test_requests_count_in_the_year_first_taken_up_and_studies_in_the_year_held(records, bosai):
    assert figures.priority_data_collaborations(2023) == 5  # A, D, F + X, Y
    assert figures.priority_data_collaborations(2022) == 2  # B + W
    assert figures.priority_data_collaborations(2024) == 1  # Z (D's later refusal adds nothing)
    assert figures.priority_data_collaborations(2025) == 0
    assert figures.priority_data_collaborations(2023, {"organization": "bosai"}) == 2  # A + X
    assert figures.priority_data_collaborations(2023, {"organization": "kyodo"}) == 3  # D, F + Y


def test_breakdown_and_drill_name_each_counted_record(records):
    breakdown = figures.collaboration_breakdown(2023)
    assert breakdown["データ公開の要望（公開予定・公開済み）"] == 3
    assert breakdown["連携・協働検討（シビックテック・市民団体）"] == 1
    assert breakdown["連携・協働検討（事業者）"] == 1
    assert sum(breakdown.values()) == 5
    drill = figures.collaboration_records(2023)
    assert [(r.label, r.month) for r in drill] == [
        ("要望: A（公開予定）", "2023-04"),
        ("要望: D（公開できない）", "2023-10"),
        ("要望: F（公開済み）", "2024-03"),
        ("連携・協働検討: X（Code for 国分寺）", "2023-04"),
        ("連携・協働検討: Y（Code for 国分寺）", "2024-03"),
    ]


def test_the_metric_is_registered_for_the_plan_indicator():
    registered = metrics.get("priority-data-collaborations")
    assert registered.app == "opendata"
    assert registered.plan_wording == "優先的に公開すべき情報の調査に基づく連携、協働検討数"


def test_the_plan_api_publishes_the_computed_figure(client, records):
    from madoguchi.pdca.loader import load_plan, read_plan_file

    MunicipalityFactory()
    for code in ("digital", "shimin", "shokuin", "seisaku", "johokanri"):
        DepartmentFactory(code=code)
    load_plan(read_plan_file())
    # metrics are published from the first 年度 with records: the platform ran from 令和4年度
    Event.objects.update(time=at(2022, 4, 1))
    rows = client.get("/api/v1/plan/indicators/", {"initiative": "3-ウ"}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    row = next(r for r in rows if r["key"] == "priority-data-collaborations")
    assert row["metric"] == "priority-data-collaborations"
    assert row["metric_source"] == "madoguchi.opendata.metrics.priority_data_collaborations"
    actual = {point["fiscal_year"]: (point["actual"], point["source"]) for point in row["values"]}
    assert actual[2023] == (5.0, "metric")
    assert actual[2022] == (2.0, "metric")
