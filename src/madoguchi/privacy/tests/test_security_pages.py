"""The security office's pages: audits and findings, incidents and their reports, legal holds and
the purge runs. A bad form changes nothing and says why; a good one writes the record and its
Event; staff without `security.manage` in the office are refused."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from madoguchi.core.events import events_for
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.privacy.models import AuditFinding, Incident, LegalHold, PurgeRun, SecurityAudit

from .factories import finding, incident, legal_hold, security_audit, security_office

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def officer():
    return staff_member(security_office(), R.SYSADMIN, username="security-page-officer")


@pytest.fixture
def client(officer):
    client = Client()
    login_staff(client, officer)
    return client


def url(name, *args):
    return reverse(f"privacy_staff:{name}", args=args)


def errors_shown(response, message):
    body = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in body
    assert body.count(message) >= 2, "the message belongs next to the field and in the summary"


# ---------------------------------------------------------------- audits and findings


def test_planning_an_audit_writes_it_and_its_event(client):
    audited = DepartmentFactory(name="納税課")
    response = client.post(
        url("audit_plan"), {"department": audited.pk, "fiscal_year": "2025", "planned_on": "2025-10-01"}
    )
    audit = SecurityAudit.objects.get(department=audited)
    assert response.status_code == 302 and response["Location"] == url("audit", audit.pk)
    assert [e.verb for e in events_for(audit)] == ["security_audit_planned"]
    assert "納税課" in client.get(url("audit", audit.pk)).content.decode()


def test_a_bad_audit_plan_changes_nothing(client):
    audited = DepartmentFactory()
    response = client.post(
        url("audit_plan"), {"department": audited.pk, "fiscal_year": "", "planned_on": "10/1"}
    )
    errors_shown(response, "年度を入力してください。")
    assert "日付は「2025-10-01」の形で入力してください。" in response.content.decode()
    assert not SecurityAudit.objects.exists()


def test_a_second_audit_in_the_year_is_refused_on_the_page(client):
    audit = security_audit(performed=False, fiscal_year=2025)
    data = {"department": audit.department_id, "fiscal_year": "2025", "planned_on": "2025-11-01"}
    response = client.post(url("audit_plan"), data)
    assert "この部署のこの年度の監査はすでに計画されています。" in response.content.decode()
    assert SecurityAudit.objects.count() == 1


def test_recording_the_audit_then_a_finding_then_its_completion(client):
    audit = security_audit(performed=False)
    performed = timezone.localdate() - timedelta(days=3)
    response = client.post(url("audit_performed", audit.pk), {"performed_on": performed.isoformat()})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.performed_on == performed

    due = performed + timedelta(days=90)
    response = client.post(
        url("finding_add", audit.pk),
        {
            "item": "4.1",
            "severity": "medium",
            "description": "研修の未受講者が2名",
            "corrective_action": "年度内に受講させる",
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302
    made = AuditFinding.objects.get(audit=audit)
    assert (made.item, made.corrective_action, made.due_date) == ("4.1", "年度内に受講させる", due)

    response = client.post(url("finding_done", made.pk), {"closed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.closed_on == timezone.localdate()
    assert [e.verb for e in events_for(audit)] == [
        "security_audit_performed",
        "privacy.security_finding_added",
        "security_finding_closed",
    ]


def test_a_finding_due_before_the_audit_or_off_the_checklist_is_refused(client):
    audit = security_audit()
    data = {
        "item": "9.9",
        "severity": "medium",
        "description": "x",
        "corrective_action": "y",
        "due_date": (audit.performed_on - timedelta(days=1)).isoformat(),
    }
    response = client.post(url("finding_add", audit.pk), data)
    errors_shown(response, "チェック項目を選んでください。")
    response = client.post(url("finding_add", audit.pk), {**data, "item": "4.1"})
    errors_shown(response, "是正の期限は実施日より後の日付にしてください。")
    assert not AuditFinding.objects.exists()
    assert not [e for e in events_for(audit) if e.verb == "privacy.security_finding_added"]


def test_a_finding_needs_the_audit_performed_first(client):
    audit = security_audit(performed=False)
    data = {
        "item": "4.1",
        "severity": "low",
        "description": "x",
        "corrective_action": "y",
        "due_date": timezone.localdate().isoformat(),
    }
    response = client.post(url("finding_add", audit.pk), data)
    assert "指摘事項は、監査の実施日を記録してから追加してください。" in response.content.decode()
    assert not AuditFinding.objects.exists()


def test_completion_in_the_future_or_twice_is_refused(client):
    made = finding()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(url("finding_done", made.pk), {"closed_on": tomorrow.isoformat()})
    errors_shown(response, "完了日に未来の日付は指定できません。")
    made.refresh_from_db()
    assert made.closed_on is None
    client.post(url("finding_done", made.pk), {"closed_on": timezone.localdate().isoformat()})
    response = client.post(url("finding_done", made.pk), {"closed_on": timezone.localdate().isoformat()})
    assert "この指摘事項はすでに是正済みです。" in response.content.decode()


# ---------------------------------------------------------------- incidents


def incident_data(department, **changes):
    return {
        "title": "メールの誤送信",
        "description": "申請者3名のアドレスをCCで送信",
        "department": department.pk,
        "detected_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "severity": "medium",
        "personal_data_breach": "on",
        "affected_count": "3",
        **changes,
    }


def test_recording_an_incident_starts_the_clocks(client):
    concerned = DepartmentFactory()
    response = client.post(url("incident_new"), incident_data(concerned))
    made = Incident.objects.get()
    assert response["Location"] == url("incident", made.pk)
    assert made.personal_data_breach and made.affected_count == 3
    assert [e.verb for e in events_for(made)] == ["incident_reported"]
    page = client.get(url("incident", made.pk)).content.decode()
    assert "個人情報保護委員会への速報" in page and "個人情報保護委員会への確報" in page


def test_a_bad_incident_changes_nothing(client):
    concerned = DepartmentFactory()
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(url("incident_new"), incident_data(concerned, title="", severity=""))
    errors_shown(response, "件名を入力してください。")
    errors_shown(response, "重要度を選んでください。")
    response = client.post(url("incident_new"), incident_data(concerned, detected_at=future))
    errors_shown(response, "覚知日時に未来の日時は指定できません。")
    assert not Incident.objects.exists()


def test_revising_severity_and_the_breach_flag(client):
    made = incident(breach=False)
    data = {
        "severity": "low",
        "personal_data_breach": "on",
        "unauthorised_access": "on",
        "affected_count": "40",
    }
    response = client.post(url("incident_update", made.pk), data)
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.severity, made.personal_data_breach, made.unauthorised_access, made.affected_count) == (
        "low",
        True,
        True,
        40,
    )
    event = events_for(made).get(verb="privacy.incident_updated")
    assert event.data["affected_count"] == 40
    from madoguchi.privacy import services

    final = next(c for c in services.clocks(made) if c.code == "final")
    assert final.due == made.detected_at + timedelta(days=60)


def test_unauthorised_access_without_a_breach_is_refused(client):
    made = incident(breach=False)
    data = {"severity": "high", "unauthorised_access": "on", "affected_count": "0"}
    response = client.post(url("incident_update", made.pk), data)
    errors_shown(response, "不正アクセスによるものは、個人情報の漏えい等にも印を付けてください。")
    made.refresh_from_db()
    assert not made.unauthorised_access


def test_each_report_stops_its_clock_and_closing_needs_them_all(client):
    made = incident()
    response = client.post(url("incident_close", made.pk), {"actions": "再発防止の研修"})
    assert "終了する前に、次の報告を記録してください" in response.content.decode()
    response = client.post(url("incident_report", made.pk), {"report": "final"})
    assert "確報の前に速報を記録してください。" in response.content.decode()
    for report in ("preliminary", "final", "persons"):
        assert client.post(url("incident_report", made.pk), {"report": report}).status_code == 302
    made.refresh_from_db()
    assert made.preliminary_reported_at and made.final_reported_at and made.persons_notified_at
    response = client.post(url("incident_close", made.pk), {"actions": ""})
    errors_shown(response, "行った対応を入力してください。")
    assert client.post(url("incident_close", made.pk), {"actions": "再発防止の研修"}).status_code == 302
    made.refresh_from_db()
    assert made.closed_at and made.actions == "再発防止の研修"
    assert [e.verb for e in events_for(made)] == [
        "incident_preliminary_reported",
        "incident_final_reported",
        "incident_persons_reported",
        "incident_closed",
    ]


def test_a_report_in_the_future_or_twice_is_refused(client):
    made = incident()
    future = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    response = client.post(url("incident_report", made.pk), {"report": "preliminary", "at": future})
    errors_shown(response, "報告の日時に未来の日時は指定できません。")
    made.refresh_from_db()
    assert made.preliminary_reported_at is None
    client.post(url("incident_report", made.pk), {"report": "preliminary"})
    response = client.post(url("incident_report", made.pk), {"report": "preliminary"})
    assert response.status_code == 200  # no longer offered: the choice is refused
    assert not [e for e in events_for(made) if e.verb == "incident_preliminary_reported"][1:]


# ---------------------------------------------------------------- legal holds and purge runs


def test_placing_and_lifting_a_hold_on_a_person(client):
    person = PersonFactory(family_name="国分", given_name="花子")
    data = {
        "family_name": "国分",
        "given_name": "花子",
        "birth_date": person.birth_date.isoformat(),
        "reason": "審査請求のため",
    }
    assert client.post(url("hold_person"), data).status_code == 302
    hold = LegalHold.objects.get(person=person)
    assert hold.reason == "審査請求のため"
    assert client.post(url("hold_release", hold.pk)).status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert [e.verb for e in events_for(hold)] == ["privacy.hold_placed", "privacy.hold_released"]


def test_a_hold_on_nobody_or_without_reason_changes_nothing(client):
    response = client.post(
        url("hold_person"),
        {"family_name": "不在", "given_name": "太郎", "birth_date": "1980-04-01", "reason": "訴訟のため"},
    )
    assert "この氏名と生年月日の住民は見つかりません。" in response.content.decode()
    response = client.post(url("hold_application"), {"application_id": "999999", "reason": ""})
    errors_shown(response, "保存する理由を入力してください（例：訴訟のため）。")
    response = client.post(url("hold_application"), {"application_id": "999999", "reason": "訴訟のため"})
    assert "その申請は見つかりません。" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_released_hold_cannot_be_released_again(client):
    hold = legal_hold()
    client.post(url("hold_release", hold.pk))
    response = client.post(url("hold_release", hold.pk))
    assert "このリーガルホールドは解除済みです。" in response.content.decode()
    assert len([e for e in events_for(hold) if e.verb == "privacy.hold_released"]) == 1


def test_the_purge_runs_page_lists_the_counts(client):
    PurgeRun.objects.create(
        status=PurgeRun.Status.DONE,
        finished_at=timezone.now(),
        counts={
            "listed": {"applications.draft": 7},
            "skipped": {"applications.draft": {"held": 2}},
            "outcome": {"applications.draft": {"deleted": 7}},
        },
    )
    page = client.get(url("purges")).content.decode()
    assert "applications.draft" in page and "deleted 7" in page and "held 2" in page


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize(
    "name",
    ["security", "audit_plan", "incident_new", "holds", "hold_person", "hold_application", "purges"],
)
def test_staff_outside_the_office_or_without_the_role_are_refused(name):
    reception = staff_member(security_office(), R.RECEPTION, username="office-reception")
    elsewhere = staff_member(DepartmentFactory(), R.SYSADMIN, R.APPROVAL, username="other-sysadmin")
    for user in (reception, elsewhere):
        client = Client()
        login_staff(client, user)
        assert client.get(url(name)).status_code == 403
        assert client.post(url(name), {}).status_code == 403


def test_a_refused_post_writes_nothing():
    reception = staff_member(security_office(), R.RECEPTION, username="office-reception")
    client = Client()
    login_staff(client, reception)
    made = incident()
    assert client.post(url("incident_report", made.pk), {"report": "preliminary"}).status_code == 404
    made.refresh_from_db()
    assert made.preliminary_reported_at is None
    assert client.post(url("incident_new"), incident_data(DepartmentFactory(), title="x")).status_code == 403
    assert Incident.objects.count() == 1
