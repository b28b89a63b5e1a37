"""The public plan pages, the open dataset and the API show the plan as published."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from madoguchi.identity.testing import login_staff
from madoguchi.pdca import services
from madoguchi.pdca.models import Indicator, IndicatorValue, Initiative, Plan, Policy, Review

from .conftest import TYPED_IN

pytestmark = pytest.mark.django_db

SEED_CODES = [
    "1-ア",
    "1-イ",
    "1-ウ",
    "1-エ",
    "2-ア",
    "2-イ",
    "2-ウ",
    "3-ア",
    "3-イ",
    "3-ウ",
    "4-ア",
    "4-イ",
    "5",
]


def test_plan_page_lists_every_policy_initiative_and_indicator(client, plan, plan_data):
    html = client.get("/plan/").content.decode()
    for policy in plan_data["policies"]:
        assert policy["title"] in html
    for code in [*SEED_CODES, "BPR"]:
        assert f'<span class="pdca-code">{code}</span>' in html
    for initiative in plan_data["initiatives"]:
        for indicator in initiative["indicators"]:
            assert indicator["name"] in html, indicator["key"]
    assert len(plan_data["policies"]) == 5
    assert (
        sum(len(i["indicators"]) for i in plan_data["initiatives"])
        == Indicator.objects.count()
        == 36 + len(TYPED_IN)
    )


def test_loading_the_plan_twice_changes_nothing(plan, plan_data):
    counts = [m.objects.count() for m in (Plan, Policy, Initiative, Indicator)]
    call_command("plan", "load")
    assert (
        [m.objects.count() for m in (Plan, Policy, Initiative, Indicator)]
        == counts
        == [1, 5, 14, 36 + len(TYPED_IN)]
    )
    assert list(Initiative.objects.get(code="1-ア").owner_departments.values_list("code", flat=True)) == [
        "digital"
    ]
    assert Indicator.objects.get(key="online-procedure-user-rate").metric.code == "online-procedure-user-rate"


def test_every_chart_has_a_data_table(client, plan):
    for initiative in Initiative.objects.all():
        html = client.get(reverse("pdca:initiative", args=[initiative.slug])).content.decode()
        charts = re.findall(r'<svg class="pdca-chart" id="([^"]+)"', html)
        assert len(charts) == initiative.indicators.count(), initiative.code
        for chart_id in charts:
            assert f'<table class="table" id="{chart_id}-table">' in html
            assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html


def test_timeline_marks_this_fiscal_year(client, plan):
    html = client.get(reverse("pdca:initiative", args=["1-a"])).content.decode()
    for fy in range(2021, 2026):
        assert f"({fy})年度" in html
    assert "今年度" in html  # FY2025 onward covers today, or today's own column
    assert "pdca-timeline__current" in html


def _public_texts(client, plan, initiative_slug="1-e"):
    page = client.get(reverse("pdca:initiative", args=[initiative_slug])).content.decode()
    csv = client.get(reverse("pdca:indicators_csv")).content.decode()
    data = client.get(reverse("pdca:indicators_json")).json()
    api = client.get("/api/v1/plan/indicators/", {"initiative": "1-エ"}).json()
    return page, csv, data, api


def _actual(data, key, fy):
    return next(r["actual"] for r in data["indicators"] if r["indicator"] == key and r["fiscal_year"] == fy)


@pytest.mark.parametrize(
    ("evidence_url", "approved"),
    [("", True), ("https://example.jp/kekka.pdf", False), ("", False)],
    ids=["no-evidence", "not-approved", "neither"],
)
def test_manual_value_without_evidence_or_approval_is_not_public(
    client, plan, class_count, digital_staff, digital_approver, evidence_url, approved
):
    entry = services.enter_value(
        class_count, by=digital_staff, fiscal_year=2023, value=4321, evidence_url=evidence_url
    )
    if approved:  # what a careless import could leave behind: approved but with no evidence
        IndicatorValue.objects.filter(pk=entry.pk).update(approved_by=digital_approver)
    page, csv, data, api = _public_texts(client, plan)
    assert "4,321" not in page and "4321" not in csv
    assert _actual(data, "terminal-support-visits", 2023) is None
    values = next(i for i in api["results"] if i["key"] == "terminal-support-visits")["values"]
    assert all(v["actual"] is None for v in values)


def test_approved_value_with_evidence_is_public(client, plan, class_count, digital_staff, digital_approver):
    entry = services.enter_value(
        class_count,
        by=digital_staff,
        fiscal_year=2023,
        value=4321,
        evidence_url="https://example.jp/kekka.pdf",
    )
    services.approve_value(entry, by=digital_approver)
    page, csv, data, api = _public_texts(client, plan)
    assert "4,321" in page and "4321" in csv
    assert _actual(data, "terminal-support-visits", 2023) == 4321
    values = next(i for i in api["results"] if i["key"] == "terminal-support-visits")["values"]
    assert {v["fiscal_year"]: v["actual"] for v in values}[2023] == 4321


def test_the_entrant_cannot_approve_their_own_value(plan, class_count, digital_staff):
    from django.core.exceptions import ValidationError

    entry = services.enter_value(
        class_count, by=digital_staff, fiscal_year=2023, value=5, evidence_url="https://example.jp/a"
    )
    with pytest.raises(ValidationError):
        services.approve_value(entry, by=digital_staff)


def test_api_lists_indicators_and_is_in_the_schema(client, plan):
    body = client.get("/api/v1/plan/indicators/").json()
    assert body["count"] == 36 + len(TYPED_IN)  # the plan's 36, and the test's typed-in ones
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/plan/indicators/" in schema


def test_review_history_is_kept(client, plan, digital_staff, publish_value):
    initiative = Initiative.objects.get(code="1-イ")
    publish_value("card-use-services", 2024, 40)
    services.record_review(
        initiative, by=digital_staff, fiscal_year=2024, status="delayed", check_note="遅れている"
    )
    services.record_review(
        initiative, by=digital_staff, fiscal_year=2024, status="revising", decided_changes="対象手続を見直す"
    )
    assert [r.status for r in initiative.reviews.all()] == ["revising", "delayed"]
    html = client.get(reverse("pdca:initiative", args=["1-i"])).content.decode()
    assert "対象手続を見直す" in html and "遅れている" in html
    with pytest.raises(Exception):
        review = Review.objects.first()
        review.status = "on_track"
        review.save()


def test_yearly_report_csv_and_pdf(client, plan, digital_staff, publish_value):
    publish_value("card-use-services", 2024, 40)
    services.record_review(
        Initiative.objects.get(code="1-イ"), by=digital_staff, fiscal_year=2024, status="delayed"
    )
    csv = client.get(reverse("pdca:report_csv", args=[2024])).content.decode("utf-8-sig")
    for code in SEED_CODES:
        assert f",{code}," in csv
    assert "遅れ" in csv
    pdf = client.get(reverse("pdca:report_pdf", args=[2024]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_staff_enter_and_approve_a_value_through_the_pages(
    client, plan, class_count, digital_staff, digital_approver
):
    login_staff(client, digital_staff)
    url = reverse("pdca:staff_indicator", args=[class_count.pk])
    response = client.post(url, {"fiscal_year": 2024, "value": "abc"})
    assert "実績値は数字で入力してください" in response.content.decode()
    client.post(url, {"fiscal_year": 2024, "value": "30", "evidence_url": "https://example.jp/r6.pdf"})
    entry = IndicatorValue.objects.get(indicator=class_count)
    assert entry.approved_by is None
    login_staff(client, digital_approver)
    client.post(reverse("pdca:staff_approve", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.approved_by == digital_approver
    review = client.post(
        reverse("pdca:staff_review", args=["1-e"]),
        {"fiscal_year": 2024, "status": "on_track", "do_note": "30回開催"},
    )
    assert review.status_code == 302
    assert Review.objects.get().do_note == "30回開催"


def test_staff_pages_need_a_staff_login(client, plan):
    response = client.get(reverse("pdca:staff_index"))
    assert response.status_code == 302


def test_plan_page_in_english(client, plan):
    html = client.get("/plan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Policy 1" in html and "Improving convenience for residents through digitalization" in html
    assert "Number of digital-skills classes held" in html


def test_online_event_share_is_computed_on_the_page(client, plan):
    """1-ア: three people take part in a hybrid workshop online, one in the hall; one is waitlisted."""
    from django.utils import timezone

    from madoguchi.core.models import Department
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.participation.models import Process, Workshop
    from madoguchi.participation.services import register_for_workshop

    process = Process.objects.create(title="公園の使い方", department=Department.objects.get(code="kyodo"))
    workshop = Workshop.objects.create(
        process=process,
        title="公園ワークショップ",
        format=Workshop.Format.HYBRID,
        starts_at=timezone.now(),
        capacity_online=3,
        capacity_in_person=1,
    )
    for mode in ["online", "online", "online", "in_person", "online"]:  # the last one waits
        register_for_workshop(workshop, person=PersonFactory(), user=None, mode=mode)
    html = client.get(reverse("pdca:initiative", args=["1-a"])).content.decode()
    assert "75.0%" in html
    assert "年度内に開催したワークショップの参加者" in html  # the definition beside the figure


@pytest.mark.parametrize("year", [1, 2021, 2999])
def test_no_report_outside_the_plan_years(client, plan, year):
    assert client.get(reverse("pdca:report_csv", args=[year])).status_code == 404
