"""Objects of privacy for tests (and other apps' tests)."""

from datetime import timedelta

from django.utils import timezone

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.privacy.models import AccessAlert


def access_alert(department=None, *, reader_name="privacy-reader", count=200) -> AccessAlert:
    """An open volume alert about a clerk of `department` (a new department by default)."""
    department = department or DepartmentFactory()
    reader = staff_member(department, StaffRole.Role.RECEPTION, username=reader_name)
    now = timezone.now()
    return AccessAlert.objects.create(
        kind=AccessAlert.Kind.VOLUME,
        staff=reader,
        department=department,
        window_start=now,
        window_end=now,
        count=count,
        norm=60,
    )


def security_office():
    """情報管理課 (`MADOGUCHI_PRIVACY_OFFICE`), the department that keeps audits and incidents."""
    return DepartmentFactory(code="johokanri", name="情報管理課")


def incident(*, title="USBメモリの紛失", breach=True, department=None, **fields):
    """An open incident, detected a day ago (a personal-data breach by default)."""
    from madoguchi.privacy.models import Incident

    office = security_office()
    reporter = staff_member(office, StaffRole.Role.SYSADMIN, username="privacy-incident-reporter")
    return Incident.objects.create(
        title=title,
        description="住民票の写しの控えを保存したUSBメモリを紛失",
        department=department or DepartmentFactory(),
        detected_at=timezone.now() - timedelta(days=1),
        severity=Incident.Severity.HIGH,
        personal_data_breach=breach,
        affected_count=12,
        reported_by=reporter,
        **fields,
    )


def security_audit(*, performed=True, department=None, fiscal_year=2025):
    """An audit of `department` (a new one by default), performed a week ago unless `performed` is False."""
    from madoguchi.privacy.models import SecurityAudit

    today = timezone.localdate()
    return SecurityAudit.objects.create(
        department=department or DepartmentFactory(),
        fiscal_year=fiscal_year,
        checklist="demo-policy-2024",
        planned_on=today - timedelta(days=30),
        performed_on=today - timedelta(days=7) if performed else None,
    )


def finding(audit=None, *, description="研修の未受講者が2名"):
    from madoguchi.privacy.models import AuditFinding

    audit = audit or security_audit()
    return AuditFinding.objects.create(
        audit=audit,
        item="4.1",
        severity=AuditFinding.Severity.MEDIUM,
        description=description,
        corrective_action="未受講者に受講させる",
        due_date=audit.performed_on + timedelta(days=60),
    )


def legal_hold(*, reason="訴訟のため（令和7年(行ウ)第12号）"):
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.privacy.models import LegalHold

    office = security_office()
    placer = staff_member(office, StaffRole.Role.SYSADMIN, username="privacy-hold-placer")
    return LegalHold.objects.create(person=PersonFactory(), reason=reason, placed_by=placer)
