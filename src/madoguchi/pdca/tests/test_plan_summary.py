"""/plan/ for residents: a headline of where each initiative stands, counted from the records;
each indicator's latest value beside its target and what changed; years after the plan's period."""

import re

import pytest
from django.urls import reverse

from madoguchi.pdca import services, summary
from madoguchi.pdca.models import Indicator, Initiative, Plan, Policy, Review, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_fiscal_year(monkeypatch):
    """Pin this 年度 (the page speaks of it), independent of the day the tests run."""

    def pin(fiscal_year: int) -> None:
        monkeypatch.setattr(services, "current_fiscal_year", lambda: fiscal_year)

    return pin


def _audited_in(fiscal_year: int) -> None:
    """One planned security audit, performed within the 年度: 情報セキュリティ監査実施率 = 100%."""
    import datetime

    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.privacy.models import SecurityAudit

    day = datetime.date(fiscal_year, 6, 1)
    SecurityAudit.objects.create(
        department=DepartmentFactory(),
        fiscal_year=fiscal_year,
        checklist="demo",
        planned_on=day,
        performed_on=day,
    )


def _meeting_online_in(fiscal_year: int) -> None:
    """One staff meeting held online in the 年度: オンライン会議の利用率 = 100% (workstyle)."""
    import datetime

    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.workstyle import services as workstyle

    workstyle.schedule_meeting(
        DepartmentFactory(),
        by=None,
        title="定例会議",
        agenda="進捗",
        held_at=datetime.datetime(fiscal_year, 6, 1, 1, tzinfo=datetime.UTC),
        mode="online",
        meeting_url=workstyle.meeting_tool_urls()[0] + "teirei",
        paper_printed=False,
    )


@pytest.fixture
def evaluated_city(plan, digital_staff, publish_value, in_fiscal_year):
    """1-エ rated 順調 on 2024's figures; 2-ウ rated 遅れ on this 年度's computed figure; 4-ア has a
    figure this 年度 and no evaluation; 2-ア has only an evaluation with no figures behind it."""
    in_fiscal_year(2026)
    publish_value("terminal-support-visits", 2023, 18)
    publish_value("terminal-support-visits", 2024, 24)
    _meeting_online_in(2026)  # 2-ウ: computed from the staff meetings (workstyle), this 年度 so far
    _audited_in(2026)  # 4-ア: computed from the security audits (privacy), this 年度 so far
    services.record_review(
        Initiative.objects.get(code="1-エ"),
        by=digital_staff,
        fiscal_year=2024,
        status="on_track",
        resident_note="講習会が地域の会場でも開かれるようになりました。",
    )
    services.record_review(
        Initiative.objects.get(code="2-ウ"), by=digital_staff, fiscal_year=2026, status="delayed"
    )
    # Rows the service would refuse today (no figures for their year): they must not count.
    Review.objects.create(initiative=Initiative.objects.get(code="2-ア"), fiscal_year=2023, status="on_track")
    Review.objects.create(initiative=Initiative.objects.get(code="1-エ"), fiscal_year=2025, status="delayed")
    return plan


def _standings(plan):
    headline = summary.plan_summary(plan)
    by_code = {s.initiative.code: s for g in headline["groups"] for s in g["initiatives"]}
    return headline, by_code


def test_each_initiative_stands_on_its_figures_and_data_backed_evaluations(evaluated_city):
    _, by_code = _standings(evaluated_city)
    assert by_code["1-エ"].standing == "on_track"
    assert by_code["1-エ"].review.fiscal_year == 2024  # not the 2025「遅れ」with no 2025 figures
    assert by_code["2-ウ"].standing == "behind"
    assert by_code["4-ア"].standing == "not_evaluated"
    assert by_code["2-ア"].standing == "no_data"  # its 2023「順調」has nothing behind it
    assert by_code["2-ア"].review is None
    assert by_code["1-イ"].standing == "no_data"
    assert by_code["BPR"].standing == "no_data"


def test_the_headline_counts_initiatives_per_policy(client, evaluated_city):
    headline, _ = _standings(evaluated_city)
    counts = {
        (g["policy"].number if g["policy"] else "common"): [
            g["counts"][code] for code in summary.Standing.ORDER
        ]
        for g in headline["groups"]
    }
    # The figures above and the computed ones over empty records decide these exactly.
    assert counts[2] == [0, 1, 1, 1]  # 2-ウ behind; 2-イ counts 0 pilots (a figure); 2-ア no data
    assert counts[4] == [0, 0, 1, 1]  # 4-ア not yet evaluated; 4-イ no data
    assert counts[5] == [0, 0, 0, 1]
    assert counts["common"] == [0, 0, 0, 1]
    assert counts[1][0] == 1  # 1-エ is policy 1's only initiative on track
    assert [sum(column) for column in zip(*counts.values(), strict=True)] == [
        headline["totals"][code] for code in summary.Standing.ORDER
    ]
    assert sum(headline["totals"].values()) == Initiative.objects.count() == 14

    html = client.get("/plan/").content.decode()
    row = re.search(r"推進方針2　[^<]*</a></th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["0", "1", "1", "1"]
    for label in ["順調", "遅れ・見直し", "評価前（値はあり）", "データなし"]:
        assert f'<th scope="col" class="num">{label}</th>' in html  # words, not colours


def test_the_page_shows_the_latest_value_beside_the_target_and_what_changed(client, evaluated_city):
    html = client.get("/plan/").content.decode()
    assert "状況: <strong>順調</strong>" in html
    assert "講習会が地域の会場でも開かれるようになりました。" in html
    assert "令和6(2024)年度は24人で、前の年度（18人）より増えました。" in html
    assert "計画に数値の目標はありません" in html
    mynumber = re.search(r"マイナンバーカードの交付率</th>(.*?)</tr>", html, re.S).group(1)
    assert "—" in mynumber and "令和6(2024)年度: ほぼ全市民がマイナンバーカードを取得している。" in mynumber
    assert "自動で計算されます" in mynumber  # computed from the published issuance statistics (none here)
    typed_in = re.search(
        r"マイナンバーカードを利用できる市の行政サービスの数</th>(.*?)</tr>", html, re.S
    ).group(1)
    assert "まだ値が公表されていません" in typed_in


def test_years_after_the_plan_period_are_said_to_be(client, evaluated_city, publish_value):
    publish_value("terminal-support-visits", 2025, 27)
    html = client.get("/plan/").content.decode()
    assert "この計画の期間は令和6(2024)年度で終わりました。今は令和8(2026)年度です。" in html
    row = re.search(r"公共施設の端末の支援員に相談した人数</th>(.*?)</tr>", html, re.S).group(1)
    assert "27人" in row and "令和7(2025)年度・計画期間後" in row
    assert "計画期間後のため、この年度の目標はありません" in row
    assert "前の年度（24人）より増えました" in row

    page = client.get(reverse("pdca:initiative", args=["1-e"])).content.decode()
    table = page[page.index('id="chart-1-e-terminal-support-visits-table"') :]
    table = table[: table.index("</table>")]
    year_2025 = re.search(
        r"令和7\(2025\)年度<br><span class=\"muted\">計画期間後</span></th>(.*?)</tr>", table, re.S
    )
    assert "計画期間後（目標なし）" in year_2025.group(1)
    year_2024 = re.search(r"令和6\(2024\)年度</th>(.*?)</tr>", table, re.S)
    assert "計画期間後" not in year_2024.group(1)


def test_within_the_plan_period_nothing_is_after_it(client, plan, in_fiscal_year):
    in_fiscal_year(2023)
    html = client.get("/plan/").content.decode()
    assert "計画期間後" not in html and "終わりました" not in html


@pytest.mark.parametrize(
    ("next_target", "words"), [(30, "目標に届いていません"), (20, "目標に達しています")], ids=["below", "met"]
)
def test_the_next_plans_target_is_used_after_the_period(
    client, evaluated_city, publish_value, next_target, words
):
    """A successor plan (R7–R11) sets 2025's target for the same indicator: 27 classes against it."""
    successor = Plan.objects.create(
        code="next", name="次期計画", period_start_fy=2025, period_end_fy=2029, is_current=False
    )
    initiative = Initiative.objects.create(
        plan=successor,
        policy=Policy.objects.create(plan=successor, number=1, title="方針"),
        code="1",
        slug="1",
    )
    indicator = Indicator.objects.create(
        initiative=initiative,
        key="terminal-support-visits",
        kind="activity",
        name="公共施設の端末の支援員に相談した人数",
        unit="人",
    )
    Target.objects.create(indicator=indicator, fiscal_year=2025, value=next_target)
    publish_value("terminal-support-visits", 2025, 27)

    html = client.get("/plan/").content.decode()
    row = re.search(r"公共施設の端末の支援員に相談した人数</th>(.*?)</tr>", html, re.S).group(1)
    assert f"{next_target}人（次の計画の目標）" in row and words in row
    page = client.get(reverse("pdca:initiative", args=["1-e"])).content.decode()
    assert f"{next_target}人（次の計画の目標）" in page


def test_a_typed_in_indicator_says_so_and_a_computed_one_does_not(client, plan):
    typed_in = next(i for i in Indicator.objects.filter(initiative__plan=plan) if i.metric is None)
    page = client.get(reverse("pdca:initiative", args=[typed_in.initiative.slug])).content.decode()
    figure = page[page.index(f'id="chart-{typed_in.initiative.slug}-{typed_in.key}"') :]
    assert "この指標は手入力です。" in figure[: figure.index("</figure>")]
    page = client.get(reverse("pdca:initiative", args=["3-u"])).content.decode()
    figure = page[page.index('id="chart-3-u-priority-data-collaborations"') :]
    figure = figure[: figure.index("</figure>")]
    assert "この指標は手入力です。" not in figure
    assert "データ公開の要望" in figure


def test_the_page_in_english(client, evaluated_city):
    html = client.get("/plan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in [
        "Progress at a glance",
        "Status of initiatives by promotion policy (number of initiatives)",
        "Behind or under revision",
        "Not yet reviewed (has values)",
        "No data",
        "FY2024 (Reiwa 6): 24 people, up from 18 people the year before.",
        "period ended with FY2024 (Reiwa 6); it is now FY2026 (Reiwa 8).",
    ]:
        assert text in html, text
    page = client.get(reverse("pdca:initiative", args=["1-a"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The metric definitions, written by the apps that compute them, in English too.
    assert "Number of workshops held in the fiscal year (by start time) that were online or hybrid" in page
    assert "Counted in people, not applications." in page
