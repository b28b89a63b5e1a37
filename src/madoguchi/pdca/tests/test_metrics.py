"""One way to register a metric (``@metric`` in an app's metrics.py, found by pdca at start-up), and
which of the plan's indicators are computed from the records."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from madoguchi.pdca import services
from madoguchi.pdca.metrics import Record, metric, metrics, summarize

pytestmark = pytest.mark.django_db

# The plan's indicators the platform computes today, and the app whose metrics.py computes each.
COMPUTED = {
    "online-procedure-services": "procedures",
    "dept-digital-adoption-rate": "automation",
    "bpr-tool-pilots": "automation",
    "standardization-progress": "automation",
    "online-event-count": "participation",
    "online-procedure-users": "applications",
    "online-procedure-user-rate": "applications",
    "online-event-participants": "participation",
    "online-event-participant-rate": "participation",
    "counter-plan-activity": "counter",
    "counter-plan-outcome": "counter",
    "public-terminal-count": "opendata",
    "public-wifi-sites": "opendata",
    "public-terminal-users": "opendata",
    "mynumber-issuance-rate": "interop",
    "digital-participation-count": "participation",
    "digital-participant-rate": "participation",
    "digital-participant-age-share": "participation",
    "opendata-converted-existing": "opendata",
    "opendata-new-datasets": "opendata",
    "priority-data-collaborations": "opendata",
    "security-audit-rate": "privacy",
    "security-training-count": "learning",
    "security-training-attendance-rate": "learning",
    "digital-training-count": "learning",
    "digital-training-attendance-rate": "learning",
    "staff-basic-knowledge-rate": "learning",
    "data-training-participants": "learning",
    "digital-class-count": "learning",
    "digital-class-participants": "learning",
    "digital-class-understanding": "learning",
    "digital-class-satisfaction": "learning",
    "mynumber-burden-measures": "learning",
    "online-meeting-rate": "workstyle",
    "paperless-meeting-rate": "workstyle",
    "telework-pilot-participation-rate": "workstyle",
}


def test_each_app_registers_its_metrics_in_its_own_metrics_module():
    for code, app in COMPUTED.items():
        registered = metrics.get(code)
        assert registered.app == app, code
        assert registered.source.startswith(f"madoguchi.{app}.metrics."), code
        assert registered.definition and registered.plan_wording, code


def test_the_api_lists_the_computed_indicators(client, plan):
    rows = client.get("/api/v1/plan/indicators/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    computed = {row["key"]: row for row in rows if row["metric"]}
    assert set(computed) == set(COMPUTED)
    assert len(COMPUTED) == 36  # every indicator of the 2022 plan
    rate = computed["online-procedure-user-rate"]
    assert rate["metric_source"] == "madoguchi.applications.metrics.online_user_rate"
    assert "人で数え" in rate["definition"]
    assert rate["plan_wording"] == "行政手続利用者のうち、オンラインサービスを利用した人数、割合"
    manual = next(row for row in rows if row["key"] == "card-use-services")
    assert (manual["metric"], manual["definition"]) == ("", "")


def test_a_typed_in_value_for_a_computed_indicator_is_refused(plan, digital_staff):
    wifi = plan.initiatives.get(code="1-エ").indicators.get(key="public-wifi-sites")
    with pytest.raises(ValidationError, match="自動計算"):
        services.enter_value(
            wifi, by=digital_staff, fiscal_year=2023, value=24, evidence_url="https://example.jp/wifi.csv"
        )
    assert not wifi.values.exists()


def test_a_metric_is_registered_once():
    with pytest.raises(ImproperlyConfigured):
        metric("public-wifi-sites", unit="か所", definition="x")(lambda fiscal_year, scope=None: 0)


def test_an_indicator_uses_the_metric_of_its_key_unless_the_plan_names_another(plan):
    indicator = plan.initiatives.get(code="1-エ").indicators.get(key="public-terminal-count")
    assert indicator.metric.code == "public-terminal-count"
    indicator.metric_code = "opendata.datasets"  # a city's own plan, with its own keys
    assert indicator.metric.code == "opendata.datasets"
    indicator.metric_code = "applications.old_code"  # a code no app registers (any more)
    assert indicator.metric.code == "public-terminal-count"


def test_drill_down_summary_counts_only_counted_records_per_month_and_department():
    records = [
        Record("a", "2025-04", "市民課"),
        Record("b", "2025-04", "子ども家庭支援課"),
        Record("c", "2025-05", "市民課"),
        Record("d", "2025-05", "市民課", counted=False),
    ]
    assert summarize(records) == {
        "by_month": {"2025-04": 2, "2025-05": 1},
        "by_department": {"子ども家庭支援課": 1, "市民課": 2},
    }


@pytest.mark.parametrize(
    "home",
    [
        "https://www.city.kokubunji.tokyo.jp/",
        "https://www.city.kokubunji.tokyo.jp",
        "https://example.jp/index.html",
    ],
)
def test_a_site_home_page_is_not_evidence(plan, class_count, digital_staff, home):
    with pytest.raises(ValidationError, match="トップページは証拠資料になりません"):
        services.enter_value(class_count, by=digital_staff, fiscal_year=2023, value=12, evidence_url=home)
    assert not class_count.values.exists()
    entry = services.enter_value(
        class_count,
        by=digital_staff,
        fiscal_year=2023,
        value=12,
        evidence_url=home.rstrip("/") + "/r5/koushukai.pdf",
    )
    assert entry.has_evidence


def test_staff_drill_into_a_computed_value_by_month_and_department(client, plan, digital_staff):
    """The records behind 1-ア's online event count, for the 年度 staff choose."""
    import datetime as dt

    from madoguchi.core.models import Department
    from madoguchi.identity.testing import login_staff
    from madoguchi.participation.models import Process, Workshop

    process = Process.objects.create(title="公園の使い方", department=Department.objects.get(code="kyodo"))
    for day, fmt in [
        (dt.date(2024, 4, 20), "online"),
        (dt.date(2024, 5, 18), "hybrid"),
        (dt.date(2024, 5, 25), "in_person"),
    ]:
        Workshop.objects.create(
            process=process,
            title=f"ワークショップ {day:%m/%d}",
            format=fmt,
            starts_at=dt.datetime(day.year, day.month, day.day, 1, tzinfo=dt.UTC),
        )
    indicator = plan.initiatives.get(code="1-ア").indicators.get(key="online-event-count")
    drill = services.drill_down(indicator, 2024)
    assert (drill["value"], drill["total"], drill["counted"]) == (2, 3, 2)
    assert drill["by_month"] == {"2024-04": 1, "2024-05": 1}

    login_staff(client, digital_staff)
    html = client.get(f"/plan/staff/indicators/{indicator.pk}/?year=2024").content.decode()
    assert "計算の根拠となった記録" in html and "ワークショップ 05/25" in html and "数えない" in html
    assert (
        client.get(f"/plan/staff/indicators/{indicator.pk}/?year=1999").status_code == 200
    )  # not a plan year: falls back
