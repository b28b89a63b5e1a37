"""The year-end evaluation report the city publishes (PDF and CSV): computed and approved figures,
where each initiative stood that 年度, years after the plan period; public, like /plan/."""

import csv
import datetime as dt
import io

import pdfplumber
import pytest
from django.urls import reverse

from madoguchi.core.models import Department
from madoguchi.pdca import reports, services
from madoguchi.pdca.models import Initiative, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(plan, digital_staff, publish_value, monkeypatch):
    """年度2024 (R6), seen from 年度2026: two online workshops and one in the hall (1-ア, computed),
    smartphone classes 18 → 24 (1-エ, typed in and approved), 1-エ evaluated 順調."""
    from madoguchi.core.events import record_event
    from madoguchi.participation.models import Process, Workshop

    monkeypatch.setattr(services, "current_fiscal_year", lambda: 2026)
    process = Process.objects.create(title="公園の使い方", department=Department.objects.get(code="kyodo"))
    for day, fmt in [
        (dt.date(2024, 4, 20), "online"),
        (dt.date(2024, 5, 18), "hybrid"),
        (dt.date(2024, 6, 1), "in_person"),
    ]:
        workshop = Workshop.objects.create(
            process=process,
            title="ワークショップ",
            format=fmt,
            starts_at=dt.datetime(*day.timetuple()[:3], 1, tzinfo=dt.UTC),
        )
    # The platform has run since 年度2024: its metrics say something for that year.
    event = record_event(workshop, verb="workshop_created", actor=None, data={})
    type(event).objects.filter(pk=event.pk).update(time=dt.datetime(2024, 4, 2, tzinfo=dt.UTC))
    publish_value("terminal-support-visits", 2023, 18)
    publish_value("terminal-support-visits", 2024, 24)
    services.record_review(
        Initiative.objects.get(code="1-エ"),
        by=digital_staff,
        fiscal_year=2024,
        status="on_track",
        check_note="参加者の満足度は高い。",
        resident_note="講習会が地域の会場でも開かれるようになりました。",
    )
    # An old row with no figures of its year behind it: the report does not present it as a rating.
    Review.objects.create(initiative=Initiative.objects.get(code="2-ウ"), fiscal_year=2024, status="on_track")
    return plan


def _csv(client, year):
    response = client.get(reverse("pdca:report_csv", args=[year]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_report_holds_computed_and_approved_figures(client, year_2024):
    rows = {(r["取組"], r["指標"]): r for r in _csv(client, 2024)}
    online = rows[("1-ア", "イベント、情報提供、説明会等におけるオンライン等デジタル技術の活用開催数")]
    assert (online["実績値"], online["値の出典"]) == ("2", "自動計算")
    classes = rows[("1-エ", "公共施設の端末の支援員に相談した人数")]
    assert (classes["実績値"], classes["前年度の実績値"], classes["値の出典"]) == (
        "24.000",
        "18.000",
        "手入力（承認済み）",
    )
    assert classes["変わったこと"] == "令和6(2024)年度は24人で、前の年度（18人）より増えました。"
    assert classes["状況"] == "順調"
    assert classes["市民にとって変わったこと"] == "講習会が地域の会場でも開かれるようになりました。"
    assert classes["Check"] == "参加者の満足度は高い。"
    telework = rows[("2-ウ", "テレワークシステム実証実験の参加率")]
    assert (telework["状況"], telework["実績値"]) == ("データなし", "")
    assert (
        rows[("1-ア", "行政手続においてオンライン化を実現したサービスの数")]["状況"] == "評価前（値はあり）"
    )


def test_a_report_after_the_plan_period_says_so(client, year_2024):
    rows = _csv(client, 2025)
    classes = next(r for r in rows if r["指標"] == "公共施設の端末の支援員に相談した人数")
    assert classes["目標の出典"] == "計画期間後（目標なし）"
    assert classes["前年度の実績値"] == "24.000" and classes["実績値"] == ""
    html = reports.report_html(year_2024, 2025)
    assert "この年度は計画期間（令和6(2024)年度まで）の後です。" in html


def test_the_report_html_counts_initiatives_per_policy(year_2024):
    items = reports.report_data(year_2024, 2024)
    summary = reports.report_summary(year_2024, items)
    total = summary[-1]
    assert total["label"] == "合計" and sum(total["counts"]) == 14
    assert total["counts"][0] == 1  # 1-エ only; 2-ウ's row without figures is not a rating
    policy_2 = summary[1]
    assert policy_2["counts"] == [0, 0, 1, 2]  # 2-イ: bpr-tool-pilots counts 0 pilots, a figure


def test_the_pdf_report_is_tagged_and_shows_the_figures(client, year_2024):
    response = client.get(reverse("pdca:report_pdf", args=[2024]))  # public: no login
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace(" ", "")
        rows = [
            [(cell or "").replace("\n", "") for cell in row]
            for page in pdf.pages
            for table in page.extract_tables()
            for row in table
        ]
        catalog = pdf.doc.catalog
        assert "StructTreeRoot" in catalog and "Lang" in catalog  # tagged: screen readers follow it
    assert "令和6(2024)年度評価報告書" in text
    assert "講習会が地域の会場でも開かれるようになりました。" in text
    classes = next(row for row in rows if row[0].startswith("公共施設の端末の支援員に相談した人数"))
    assert classes[2:] == ["24人", "18人", "令和6(2024)年度は24人で、前の年度（18人）より増えました。"]
    online = next(row for row in rows if row[0].startswith("イベント、情報提供、説明会等におけるオンライン"))
    assert "自動計算" in online[0] and online[2] == "2回"


def test_the_chart_and_its_table_show_computed_values(client, year_2024):
    page = client.get(reverse("pdca:initiative", args=["1-a"])).content.decode()
    chart = page[page.index('<svg class="pdca-chart" id="chart-1-a-online-event-count"') :]
    chart = chart[: chart.index("</svg>")]
    assert 'class="pdca-chart__bar"' in chart and ">2回</text>" in chart
    assert "令和6(2024)年度: 2回" in chart  # the text alternative
    table = page[page.index('id="chart-1-a-online-event-count-table"') :]
    row_2024 = table[table.index("令和6(2024)年度</th>") :]
    row_2024 = row_2024[: row_2024.index("</tr>")]
    assert ">2回</td>" in row_2024 and "自動計算" in row_2024
