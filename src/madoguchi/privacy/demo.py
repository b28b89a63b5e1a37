"""Demo data (order 95): this 年度's security audit plan, half of it performed, one finding.

Without it the plan's 情報セキュリティ監査実施率 would show nothing: the indicator is computed from
these records (privacy/metrics.py), so pdca's typed-in demo value for it is skipped."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from madoguchi.core.demo import DemoLoader
from madoguchi.core.japanese.fiscal import fiscal_year, fiscal_year_range
from madoguchi.core.models import Department

from . import services
from .models import SecurityAudit

AUDITED = ["shimin", "kodomo-shien", "hoiku", "kaigo", "korei", "kenko"]


def load(say) -> None:
    officer = get_user_model().objects.filter(username="admin").first()
    if officer is None or SecurityAudit.objects.exists():
        return
    today = timezone.localdate()
    year = fiscal_year(today)
    start, _end = fiscal_year_range(year)
    departments = list(Department.objects.filter(code__in=AUDITED).order_by("code"))
    for n, department in enumerate(departments):
        audit = SecurityAudit.objects.create(
            department=department,
            fiscal_year=year,
            checklist=services.checklist()["code"],
            planned_on=start + timedelta(days=60 + 14 * n),
        )
        if n % 2 == 0 and audit.planned_on <= today:
            SecurityAudit.objects.filter(pk=audit.pk).update(performed_on=audit.planned_on, auditor=officer)
    say(f"security audits: {len(departments)} planned for {year}")


LOADER = DemoLoader("privacy-security-audits", 95, load)
