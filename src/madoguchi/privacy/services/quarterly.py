"""四半期のアクセス点検 (quarterly access review): each manager signs off, per staff member of
their department, that staff member's reads of personal data in the quarter.

Quarters follow the 年度: Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–
March. A quarter can be signed off once it has begun; an alert about the staff member in the
quarter that is still open must be reviewed first. Nobody signs off their own access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import AuditEntry, Department, StaffRole, User

from ..events import Verb
from ..models import AccessAlert, QuarterlyReview
from .review import READ_ACTIONS


def quarter_of(day: date | datetime) -> tuple[int, int]:
    """(年度, quarter 1–4) of a day (JST)."""
    local = day.astimezone(JST).date() if isinstance(day, datetime) else day
    return fiscal_year(local), ((local.month - 4) % 12) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    """[start, end) of a quarter of 年度 `year`, as aware datetimes (JST midnight)."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": [_("四半期は1から4で指定してください。")]})
    month = 4 + 3 * (quarter - 1)
    start_year = year + (month - 1) // 12
    start = datetime(start_year, (month - 1) % 12 + 1, 1, tzinfo=JST)
    end_month = month + 3
    end = datetime(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1, tzinfo=JST)
    return start, end


@dataclass(frozen=True)
class ReviewRow:
    staff: User
    department: Department
    reads: int
    alerts: int
    open_alerts: int
    review: QuarterlyReview | None


def _figures(staff_id: int, start: datetime, end: datetime) -> tuple[int, int, int]:
    reads = AuditEntry.objects.filter(
        actor_id_value=str(staff_id), action__in=READ_ACTIONS, time__gte=start, time__lt=end
    ).count()
    alerts = AccessAlert.objects.filter(staff_id=staff_id, window_start__gte=start, window_start__lt=end)
    return reads, alerts.count(), alerts.filter(status=AccessAlert.Status.OPEN).count()


def quarter_rows(user, *, year: int, quarter: int, unsigned_only: bool = False) -> list[ReviewRow]:
    """Per staff member of the departments where `user` reviews (never `user`): the quarter's
    reads and alerts and the sign-off, if any."""
    start, end = quarter_bounds(year, quarter)
    departments = access.departments_where(user, access.PRIVACY_REVIEW)
    pairs = (
        StaffRole.objects.filter(department__in=departments)
        .exclude(user=user)
        .values_list("user_id", "department_id")
        .distinct()
        .order_by("department_id", "user_id")
    )
    signed = {
        (r.staff_id, r.department_id): r
        for r in QuarterlyReview.objects.filter(fiscal_year=year, quarter=quarter, department__in=departments)
    }
    users = {u.pk: u for u in User.objects.filter(pk__in={p[0] for p in pairs})}
    by_pk = {d.pk: d for d in Department.objects.filter(pk__in={p[1] for p in pairs})}
    rows = []
    for staff_id, department_id in pairs:
        review = signed.get((staff_id, department_id))
        if unsigned_only and review is not None:
            continue
        reads, alerts, open_alerts = _figures(staff_id, start, end)
        rows.append(ReviewRow(users[staff_id], by_pk[department_id], reads, alerts, open_alerts, review))
    return rows


def unsigned_reviews(user, *, year: int, quarter: int) -> list[ReviewRow]:
    return quarter_rows(user, year=year, quarter=quarter, unsigned_only=True)


@transaction.atomic
def sign_off_quarter(
    *, by, staff: User, department: Department, year: int, quarter: int, note: str = ""
) -> QuarterlyReview:
    """The manager's sign-off of one staff member's access in one quarter."""
    access.require(by, access.PRIVACY_REVIEW, department.pk)
    if staff.pk == by.pk:
        raise PermissionDenied(_("ご自身のアクセスの点検はできません。"))
    if not StaffRole.objects.filter(user=staff, department=department).exists():
        raise ValidationError(_("この職員はこの部署に所属していません。"))
    start, end = quarter_bounds(year, quarter)
    if start > timezone.now():
        raise ValidationError({"quarter": [_("まだ始まっていない四半期は確認できません。")]})
    reads, alerts, open_alerts = _figures(staff.pk, start, end)
    if open_alerts:
        raise ValidationError(
            _("この四半期に未確認の警告が%(n)s件あります。先に警告を確認してください。") % {"n": open_alerts}
        )
    try:
        with transaction.atomic():
            review = QuarterlyReview.objects.create(
                staff=staff,
                department=department,
                fiscal_year=year,
                quarter=quarter,
                reads=reads,
                alerts=alerts,
                note=(note or "").strip(),
                signed_by=by,
            )
    except IntegrityError:
        raise ValidationError(_("この職員のこの四半期の点検は確認済みです。")) from None
    record_event(
        review,
        verb=Verb.QUARTER_SIGNED_OFF,
        actor=by,
        data={"fiscal_year": year, "quarter": quarter, "reads": reads, "alerts": alerts},
    )
    return review


def current_quarter() -> tuple[int, int]:
    return quarter_of(timezone.now())


def previous_quarter() -> tuple[int, int]:
    year, quarter = current_quarter()
    start, _end = quarter_bounds(year, quarter)
    return quarter_of(start - timedelta(days=1))
