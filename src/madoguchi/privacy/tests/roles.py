"""Role-matrix cases for privacy (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.privacy import services
from madoguchi.privacy.models import AccessAlert

from .factories import access_alert


@decision("privacy.review")
def sign_off_an_access_alert():
    alert = access_alert(reader_name="role-matrix-reader")
    return Decision(
        department=alert.department,
        perform=lambda user: services.review_alert(
            alert, by=user, outcome="justified", note="転入の集中処理"
        ),
        effect=lambda: AccessAlert.objects.get(pk=alert.pk).status,
    )


@decision("security.manage")
def plan_a_security_audit():
    from datetime import date

    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.privacy.models import SecurityAudit

    office = DepartmentFactory(code="johokanri", name="情報管理課")
    audited = DepartmentFactory(name="監査される課")
    return Decision(
        department=office,
        perform=lambda user: services.plan_audit(
            audited, by=user, fiscal_year=2025, planned_on=date(2025, 10, 1)
        ),
        effect=lambda: SecurityAudit.objects.filter(department=audited).count(),
    )


@decision("security.manage")
def answer_a_paper_disclosure_request():
    from datetime import date

    from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
    from madoguchi.privacy.models import DisclosureRequest

    office = DepartmentFactory(code="johokanri", name="情報管理課")
    person = PersonFactory()
    return Decision(
        department=office,
        perform=lambda user: services.answer_disclosure_request(
            by=user, person=person, reference="開示-1", received_on=date(2025, 6, 10), fmt="csv"
        ),
        effect=lambda: DisclosureRequest.objects.filter(person=person).count(),
    )


@decision("security.manage")
def place_a_legal_hold():
    from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
    from madoguchi.privacy.models import LegalHold

    office = DepartmentFactory(code="johokanri", name="情報管理課")
    person = PersonFactory()
    return Decision(
        department=office,
        perform=lambda user: services.place_hold(by=user, person=person, reason="訴訟のため"),
        effect=lambda: LegalHold.objects.filter(person=person).count(),
    )


@decision("privacy.review")
def sign_off_a_quarter():
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member
    from madoguchi.privacy.models import QuarterlyReview

    department = DepartmentFactory()
    clerk = staff_member(department, StaffRole.Role.RECEPTION, username="role-matrix-quarter-clerk")
    return Decision(
        department=department,
        perform=lambda user: services.sign_off_quarter(
            by=user, staff=clerk, department=department, year=2025, quarter=1
        ),
        effect=lambda: QuarterlyReview.objects.filter(staff=clerk).count(),
    )


# The security office's pages: the same permission, through the views (a view that forgot its
# check, or a form that wrote nothing, fails here).


def _post(url_name, data, **kwargs):
    from django.urls import reverse
    from tests.quality.roles import refusal_of, staff_client

    url = reverse(f"privacy_staff:{url_name}", kwargs=kwargs)
    return lambda user: refusal_of(staff_client(user).post(url, data), ok=(302,))


@decision("security.manage")
def record_an_incident_on_its_page():
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.privacy.models import Incident

    from .factories import security_office

    concerned = DepartmentFactory()
    data = {
        "title": "role-matrix-incident",
        "description": "誤送信",
        "department": concerned.pk,
        "detected_at": "2025-04-01 10:00",
        "severity": "medium",
        "affected_count": "1",
    }
    return Decision(
        department=security_office(),
        perform=_post("incident_new", data),
        effect=lambda: Incident.objects.filter(title="role-matrix-incident").count(),
    )


@decision("security.manage")
def record_a_report_to_the_commission():
    from madoguchi.privacy.models import Incident

    from .factories import incident, security_office

    record = incident()
    return Decision(
        department=security_office(),
        perform=_post("incident_report", {"report": "preliminary"}, pk=record.pk),
        effect=lambda: Incident.objects.get(pk=record.pk).preliminary_reported_at,
    )


@decision("security.manage")
def mark_a_corrective_action_done():
    from django.utils import timezone

    from madoguchi.privacy.models import AuditFinding

    from .factories import finding, security_office

    made = finding()
    return Decision(
        department=security_office(),
        perform=_post("finding_done", {"closed_on": timezone.localdate().isoformat()}, pk=made.pk),
        effect=lambda: AuditFinding.objects.get(pk=made.pk).closed_on,
    )


@decision("security.manage")
def release_a_legal_hold_on_its_page():
    from madoguchi.privacy.models import LegalHold

    from .factories import legal_hold, security_office

    hold = legal_hold()
    return Decision(
        department=security_office(),
        perform=_post("hold_release", {}, pk=hold.pk),
        effect=lambda: LegalHold.objects.get(pk=hold.pk).released_at,
    )
