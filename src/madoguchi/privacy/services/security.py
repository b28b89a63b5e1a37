"""Security audits (情報セキュリティ監査) and incidents (インシデント) with the report clocks.

Run by the security office (情報管理課, `MADOGUCHI_PRIVACY_OFFICE`): its staff with the
システム管理 or 決裁 role (permission `security.manage`) plan and record audits and keep the
incident register. The report clocks follow 個人情報保護法 第68条 and its rules (規則第7条・第8条):
the 速報 to the 個人情報保護委員会 "promptly" (about 3–5 days, here 5), the 確報 within 30 days
of learning of the breach, 60 when it came from unauthorised access; the persons affected are
told promptly as well.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year_range
from madoguchi.core.models import Department

from ..events import Verb
from ..models import AuditFinding, Incident, SecurityAudit

CHECKLIST_FILE = Path(__file__).resolve().parent.parent / "data" / "security-checklist.json"
PRELIMINARY_DAYS = 5  # 速報: 速やかに（概ね3〜5日以内）
FINAL_DAYS = 30  # 確報: 30日以内
FINAL_DAYS_UNAUTHORISED = 60  # 不正アクセス等によるおそれ: 60日以内


@cache
def checklist() -> dict:
    """The city's audit checklist (a demo policy, in data)."""
    return json.loads(CHECKLIST_FILE.read_text(encoding="utf-8"))


def checklist_items() -> dict[str, dict]:
    return {item["code"]: item for item in checklist()["items"]}


def security_contact() -> str:
    """Where to report a vulnerability (security.txt's Contact): `MADOGUCHI_SECURITY_CONTACT`,
    or the security office's email."""
    configured = getattr(settings, "MADOGUCHI_SECURITY_CONTACT", "")
    if configured:
        return configured
    office = security_office()
    return f"mailto:{office.email}" if office and office.email else "mailto:security@city.example.jp"


def security_office() -> Department | None:
    return Department.objects.filter(code=getattr(settings, "MADOGUCHI_PRIVACY_OFFICE", "johokanri")).first()


def _require_office(by) -> Department:
    office = security_office()
    access.require(by, access.SECURITY_MANAGE, office.pk if office else None)
    return office  # type: ignore[return-value]


def can_manage(user) -> bool:
    office = security_office()
    return access.can(user, access.SECURITY_MANAGE, office.pk if office else None)


def office_record(queryset, user, pk):
    """One audit, finding, incident or hold for the security office's staff (404 for anyone else:
    these records belong to the office, whatever department they concern)."""
    office = security_office()
    return access.load(
        queryset, user, access.SECURITY_MANAGE, department=lambda _obj: office.pk if office else None, pk=pk
    )


def managed_audit(user, pk) -> SecurityAudit:
    return office_record(audits(), user, pk)


def managed_finding(user, pk) -> AuditFinding:
    return office_record(AuditFinding.objects.select_related("audit__department"), user, pk)


def managed_incident(user, pk) -> Incident:
    return office_record(incidents(), user, pk)


# ---------------------------------------------------------------- audits


@transaction.atomic
def plan_audit(department: Department, *, by, fiscal_year: int, planned_on: date) -> SecurityAudit:
    """Put a department in the year's audit plan (one audit per department and 年度)."""
    _require_office(by)
    if SecurityAudit.objects.filter(department=department, fiscal_year=fiscal_year).exists():
        raise ValidationError(_("この部署のこの年度の監査はすでに計画されています。"))
    audit = SecurityAudit.objects.create(
        department=department, fiscal_year=fiscal_year, checklist=checklist()["code"], planned_on=planned_on
    )
    record_event(audit, verb="security_audit_planned", actor=by, data={"fiscal_year": fiscal_year})
    return audit


@dataclass(frozen=True)
class FindingInput:
    item: str
    severity: str
    description: str
    corrective_action: str
    due_date: date


@transaction.atomic
def record_audit(
    audit: SecurityAudit, *, by, performed_on: date, findings: list[FindingInput]
) -> SecurityAudit:
    """The audit was performed: its date, the auditor and what it found (each with a due date)."""
    _require_office(by)
    audit = SecurityAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.performed_on is not None:
        raise ValidationError(_("この監査の結果はすでに記録されています。"))
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": [_("実施日に未来の日付は指定できません。")]})
    for finding in findings:
        _check_finding(finding, performed_on)
    audit.performed_on = performed_on
    audit.auditor = by
    audit.save(update_fields=["performed_on", "auditor"])
    for finding in findings:
        AuditFinding.objects.create(audit=audit, **finding.__dict__)
    record_event(audit, verb="security_audit_performed", actor=by, data={"findings": len(findings)})
    return audit


def _check_finding(finding: FindingInput, performed_on: date) -> None:
    if finding.item not in checklist_items():
        raise ValidationError(
            {"item": [_("チェックリストにない項目です: %(item)s") % {"item": finding.item}]}
        )
    if finding.severity not in AuditFinding.Severity.values:
        raise ValidationError({"severity": [_("重要度を選んでください。")]})
    if not finding.description.strip():
        raise ValidationError({"description": [_("指摘の内容を入力してください。")]})
    if finding.due_date < performed_on:
        raise ValidationError({"due_date": [_("是正の期限は実施日より後の日付にしてください。")]})


@transaction.atomic
def add_finding(audit: SecurityAudit, *, by, finding: FindingInput) -> AuditFinding:
    """指摘事項の追加 to a performed audit: the item missed, the corrective action and its due date."""
    _require_office(by)
    audit = SecurityAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.performed_on is None:
        raise ValidationError(_("指摘事項は、監査の実施日を記録してから追加してください。"))
    _check_finding(finding, audit.performed_on)
    created = AuditFinding.objects.create(audit=audit, **finding.__dict__)
    record_event(
        audit,
        verb=Verb.FINDING_ADDED,
        actor=by,
        data={"finding": created.pk, "item": finding.item, "due_date": finding.due_date.isoformat()},
    )
    return created


@transaction.atomic
def close_finding(finding: AuditFinding, *, by, closed_on: date) -> AuditFinding:
    """是正の完了: the corrective action was done on `closed_on`."""
    _require_office(by)
    finding = AuditFinding.objects.select_for_update().select_related("audit").get(pk=finding.pk)
    if finding.closed_on is not None:
        raise ValidationError(_("この指摘事項はすでに是正済みです。"))
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": [_("完了日に未来の日付は指定できません。")]})
    if finding.audit.performed_on and closed_on < finding.audit.performed_on:
        raise ValidationError({"closed_on": [_("完了日は監査の実施日より後の日付にしてください。")]})
    finding.closed_on = closed_on
    finding.save(update_fields=["closed_on"])
    record_event(finding.audit, verb="security_finding_closed", actor=by, data={"item": finding.item})
    return finding


def audits(fiscal_year: int | None = None):
    qs = SecurityAudit.objects.select_related("department", "auditor").prefetch_related("findings")
    return qs.filter(fiscal_year=fiscal_year) if fiscal_year else qs


def overdue_findings(today: date | None = None):
    today = today or timezone.localdate()
    return AuditFinding.objects.filter(closed_on=None, due_date__lt=today).select_related("audit__department")


def audit_rate(fiscal_year: int) -> float | None:
    """情報セキュリティ監査実施率: audits performed within the 年度 / audits planned for it (percent)."""
    planned = SecurityAudit.objects.filter(fiscal_year=fiscal_year)
    total = planned.count()
    if not total:
        return None
    start, end = fiscal_year_range(fiscal_year)
    done = planned.filter(performed_on__gte=start, performed_on__lte=end)
    return 100 * done.count() / total


# ---------------------------------------------------------------- incidents


@dataclass(frozen=True)
class Clock:
    """One report the law requires, when it is due and whether it was made."""

    code: str  # "preliminary" | "final" | "persons"
    label: str
    due: datetime | None  # None: "promptly" with no fixed day (the persons affected)
    done_at: datetime | None

    def overdue(self, now: datetime) -> bool:
        return self.done_at is None and self.due is not None and now > self.due


def clocks(incident: Incident) -> list[Clock]:
    """The reports an incident needs. Only a personal-data breach starts the law's clocks."""
    if not incident.personal_data_breach:
        return []
    final_days = FINAL_DAYS_UNAUTHORISED if incident.unauthorised_access else FINAL_DAYS
    return [
        Clock(
            "preliminary",
            _("個人情報保護委員会への速報"),
            incident.detected_at + timedelta(days=PRELIMINARY_DAYS),
            incident.preliminary_reported_at,
        ),
        Clock(
            "final",
            _("個人情報保護委員会への確報"),
            incident.detected_at + timedelta(days=final_days),
            incident.final_reported_at,
        ),
        Clock("persons", _("本人への通知"), None, incident.persons_notified_at),
    ]


@transaction.atomic
def report_incident(
    *,
    by,
    title: str,
    description: str,
    department: Department,
    detected_at: datetime,
    severity: str,
    personal_data_breach: bool = False,
    unauthorised_access: bool = False,
    affected_count: int = 0,
) -> Incident:
    """インシデントの登録: the clocks start at `detected_at` (when the city learned of it)."""
    _require_office(by)
    if detected_at > timezone.now():
        raise ValidationError({"detected_at": [_("覚知日時に未来の日時は指定できません。")]})
    if severity not in Incident.Severity.values:
        raise ValidationError({"severity": [_("重要度を選んでください。")]})
    incident = Incident.objects.create(
        title=title,
        description=description,
        department=department,
        detected_at=detected_at,
        severity=severity,
        personal_data_breach=personal_data_breach,
        unauthorised_access=unauthorised_access,
        affected_count=affected_count,
        reported_by=by,
    )
    record_event(
        incident,
        verb="incident_reported",
        actor=by,
        data={"severity": severity, "personal_data_breach": personal_data_breach},
    )
    return incident


def _open(incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.closed_at is not None:
        raise ValidationError(_("このインシデントは終了しています。"))
    return incident


@transaction.atomic
def update_incident(
    incident: Incident,
    *,
    by,
    severity: str,
    personal_data_breach: bool,
    unauthorised_access: bool,
    affected_count: int,
) -> Incident:
    """重要度・漏えい等の判断の見直し (what the investigation found); the clocks follow the flags."""
    _require_office(by)
    incident = _open(incident)
    if severity not in Incident.Severity.values:
        raise ValidationError({"severity": [_("重要度を選んでください。")]})
    if unauthorised_access and not personal_data_breach:
        raise ValidationError(
            {
                "unauthorised_access": [
                    _("不正アクセスによるものは、個人情報の漏えい等にも印を付けてください。")
                ]
            }
        )
    fields = {
        "severity": severity,
        "personal_data_breach": personal_data_breach,
        "unauthorised_access": unauthorised_access,
        "affected_count": affected_count,
    }
    changed = {name: value for name, value in fields.items() if getattr(incident, name) != value}
    if not changed:
        raise ValidationError(_("変更された項目がありません。"))
    for name, value in changed.items():
        setattr(incident, name, value)
    incident.save(update_fields=list(changed))
    record_event(incident, verb=Verb.INCIDENT_UPDATED, actor=by, data=changed)
    return incident


REPORT_FIELDS = {
    "preliminary": "preliminary_reported_at",
    "final": "final_reported_at",
    "persons": "persons_notified_at",
}


@transaction.atomic
def record_report(incident: Incident, *, by, report: str, at: datetime | None = None) -> Incident:
    """速報・確報・本人への通知 made (at `at`, default now)."""
    _require_office(by)
    if report not in REPORT_FIELDS:
        raise ValidationError({"report": [_("報告の種類を選んでください。")]})
    incident = _open(incident)
    at = at or timezone.now()
    if at > timezone.now():
        raise ValidationError({"at": [_("報告の日時に未来の日時は指定できません。")]})
    if at < incident.detected_at:
        raise ValidationError({"at": [_("報告の日時は覚知日時より後にしてください。")]})
    if getattr(incident, REPORT_FIELDS[report]) is not None:
        raise ValidationError({"report": [_("この報告はすでに記録されています。")]})
    if not incident.personal_data_breach:
        raise ValidationError(_("個人情報の漏えい等ではないインシデントには、法に基づく報告はありません。"))
    if report == "final" and incident.preliminary_reported_at is None:
        raise ValidationError(_("確報の前に速報を記録してください。"))
    setattr(incident, REPORT_FIELDS[report], at)
    incident.save(update_fields=[REPORT_FIELDS[report]])
    record_event(incident, verb=f"incident_{report}_reported", actor=by)
    return incident


@transaction.atomic
def close_incident(incident: Incident, *, by, actions: str) -> Incident:
    """インシデントの終了: what was done, once every report the law requires was made."""
    _require_office(by)
    incident = _open(incident)
    if not (actions or "").strip():
        raise ValidationError({"actions": [_("行った対応を入力してください。")]})
    missing = [clock.label for clock in clocks(incident) if clock.done_at is None]
    if missing:
        raise ValidationError(
            _("終了する前に、次の報告を記録してください: %(missing)s") % {"missing": "、".join(missing)}
        )
    incident.actions = actions.strip()
    incident.closed_at = timezone.now()
    incident.save(update_fields=["actions", "closed_at"])
    record_event(incident, verb="incident_closed", actor=by)
    return incident


def incidents():
    return Incident.objects.select_related("department", "reported_by")
