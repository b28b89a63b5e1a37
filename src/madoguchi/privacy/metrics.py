"""The plan's 4-ア indicator 情報セキュリティ監査実施率, computed from the audit records."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madoguchi.pdca.metrics import Record, metric

from .models import SecurityAudit
from .services import audit_rate


def audit_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=f"{audit.department.name}（{audit.checklist}）",
            month=(audit.performed_on or audit.planned_on).strftime("%Y-%m"),
            department=audit.department.name,
            counted=audit.performed_on is not None,
            note="" if audit.performed_on else str(_("未実施")),
        )
        for audit in SecurityAudit.objects.filter(fiscal_year=fiscal_year).select_related("department")
    ]


@metric(
    "security-audit-rate",
    unit="%",
    definition=_(
        "年度の監査計画に載せた部署のうち、その年度内に情報セキュリティ監査を実施した部署の割合"
        "（実施日のある監査の数 ÷ 計画した監査の数）。"
    ),
    plan_wording="情報セキュリティ監査実施率",
    drill=audit_records,
)
def security_audit_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return audit_rate(fiscal_year)
