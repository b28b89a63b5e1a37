"""Security audits (the plan's 情報セキュリティ監査実施率) and the incident register's report clocks."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from madoguchi.core import audit
from madoguchi.core.events import events_for
from madoguchi.core.japanese.fiscal import fiscal_year as fiscal_year_of
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.pdca.metrics import metrics
from madoguchi.privacy import services

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def office():
    return DepartmentFactory(code="johokanri", name="情報管理課", email="joho@city.example.jp")


@pytest.fixture
def security_officer(office):
    return staff_member(office, R.SYSADMIN, username="security-officer")


def test_the_audit_rate_is_audits_performed_over_audits_planned(security_officer):
    departments = [DepartmentFactory() for _ in range(4)]
    planned = [
        services.plan_audit(d, by=security_officer, fiscal_year=2024, planned_on=date(2024, 10, 1))
        for d in departments
    ]
    assert metrics.get("security-audit-rate").value(2024) == 0
    finding = services.FindingInput("4.1", "medium", "研修の未受講者が2名", "受講させる", date(2025, 1, 31))
    services.record_audit(planned[0], by=security_officer, performed_on=date(2024, 11, 5), findings=[finding])
    services.record_audit(planned[1], by=security_officer, performed_on=date(2025, 3, 31), findings=[])
    services.record_audit(
        planned[2], by=security_officer, performed_on=date(2025, 4, 1), findings=[]
    )  # next 年度
    assert metrics.get("security-audit-rate").value(2024) == 50
    assert metrics.get("security-audit-rate").value(2023) is None  # nothing planned: nothing to measure
    assert [e.verb for e in events_for(planned[0])] == ["security_audit_planned", "security_audit_performed"]
    assert [f.item for f in services.overdue_findings(date(2025, 2, 1))] == ["4.1"]


def test_the_plan_indicator_api_computes_the_audit_rate(security_officer):
    from madoguchi.pdca.loader import load_plan

    load_plan(say=lambda *a: None)
    this_year = fiscal_year_of(timezone.localdate())
    today = timezone.localdate()
    done, planned = (
        services.plan_audit(DepartmentFactory(), by=security_officer, fiscal_year=this_year, planned_on=today)
        for _ in range(2)
    )
    services.record_audit(done, by=security_officer, performed_on=today, findings=[])
    response = Client().get("/api/v1/plan/indicators/")
    assert response.status_code == 200
    data = response.json()
    rows = data["results"] if isinstance(data, dict) else data
    [indicator] = [row for row in rows if row["key"] == "security-audit-rate"]
    assert indicator["metric_source"] == "madoguchi.privacy.metrics.security_audit_rate"
    [point] = [v for v in indicator["values"] if v["fiscal_year"] == this_year]
    assert float(point["actual"]) == 50


@pytest.mark.parametrize(
    ("finding", "message"),
    [
        (services.FindingInput("9.9", "low", "x", "", date(2025, 1, 1)), "チェックリストにない項目です"),
        (services.FindingInput("4.1", "low", "x", "", date(2024, 1, 1)), "是正の期限は実施日より後"),
    ],
)
def test_a_finding_names_a_checklist_item_and_a_later_due_date(security_officer, finding, message):
    planned = services.plan_audit(
        DepartmentFactory(), by=security_officer, fiscal_year=2024, planned_on=date(2024, 6, 1)
    )
    with pytest.raises(ValidationError, match=message):
        services.record_audit(planned, by=security_officer, performed_on=date(2024, 6, 1), findings=[finding])
    planned.refresh_from_db()
    assert planned.performed_on is None


def test_only_the_security_office_keeps_the_registers(office):
    clerk = staff_member(DepartmentFactory(), R.SYSADMIN, username="other-admin")
    with pytest.raises(PermissionDenied):
        services.plan_audit(DepartmentFactory(), by=clerk, fiscal_year=2024, planned_on=date(2024, 6, 1))


def test_a_breach_by_unauthorised_access_has_sixty_days_for_the_final_report(security_officer, office):
    detected = timezone.now() - timedelta(days=6)
    incident = services.report_incident(
        by=security_officer,
        title="委託先サーバへの不正アクセス",
        description="申請データの一部が閲覧された可能性",
        department=office,
        detected_at=detected,
        severity="high",
        personal_data_breach=True,
        unauthorised_access=True,
        affected_count=120,
    )
    preliminary, final, persons = services.clocks(incident)
    assert preliminary.due == detected + timedelta(days=5)
    assert final.due == detected + timedelta(days=60)
    assert persons.due is None
    assert preliminary.overdue(timezone.now()) and not final.overdue(timezone.now())
    with pytest.raises(ValidationError, match="終了する前に"):
        services.close_incident(incident, by=security_officer, actions="パスワードを変更")
    services.record_report(incident, by=security_officer, report="preliminary")
    services.record_report(incident, by=security_officer, report="final")
    services.record_report(incident, by=security_officer, report="persons")
    services.close_incident(incident, by=security_officer, actions="パスワードを変更し、本人に通知")
    assert [e.verb for e in events_for(incident)] == [
        "incident_reported",
        "incident_preliminary_reported",
        "incident_final_reported",
        "incident_persons_reported",
        "incident_closed",
    ]
    assert audit.verify().ok


def test_an_ordinary_breach_has_thirty_days_and_no_breach_has_no_clocks(security_officer, office):
    detected = datetime(2025, 6, 2, 9, 0, tzinfo=JST)
    breach = services.report_incident(
        by=security_officer,
        title="誤送付",
        description="通知を別の方に送付",
        department=office,
        detected_at=detected,
        severity="medium",
        personal_data_breach=True,
        affected_count=1,
    )
    assert services.clocks(breach)[1].due == detected + timedelta(days=30)
    with pytest.raises(ValidationError, match="速報"):
        services.record_report(breach, by=security_officer, report="final")
    outage = services.report_incident(
        by=security_officer,
        title="停電",
        description="庁舎の停電",
        department=office,
        detected_at=detected,
        severity="low",
    )
    assert services.clocks(outage) == []


def test_security_txt_and_the_disclosure_page(office):
    response = Client().get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Contact: mailto:joho@city.example.jp" in body
    assert "Expires: " in body and "Policy: http://testserver/privacy/vulnerability-disclosure/" in body
    assert Client().get(reverse("privacy:disclosure")).status_code == 200


def test_the_security_page_is_the_offices(security_officer):
    client = Client()
    login_staff(client, security_officer)
    assert client.get(reverse("privacy_staff:security")).status_code == 200
    other = Client()
    login_staff(other, staff_member(DepartmentFactory(), R.SYSADMIN, username="elsewhere"))
    assert other.get(reverse("privacy_staff:security")).status_code == 403
