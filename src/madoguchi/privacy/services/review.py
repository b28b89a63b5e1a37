"""Access review (アクセスの点検): unusual reads of personal data, found in the audit chain.

`scan_access` reads the audit entries of staff reads (`READ_ACTIONS`) and raises an
`AccessAlert` for the manager (決裁, permission `privacy.review`) of the reader's department when

- **volume**: the distinct records a staff member read within any 60 minutes exceed the
  department's norm (three times what its staff usually read in a busy hour over the last 28
  days, never below `MADOGUCHI_PRIVACY_HOURLY_FLOOR`, default 60);
- **out of hours**: personal data was read on a day the city hall is closed or outside
  `MADOGUCHI_PRIVACY_OFFICE_HOURS` (JST, default 8–20);
- **My Number without a case**: a My Number was revealed from a resident's record
  (`core.person`), not from an application the reader handles;
- **outside the reader's cases**: in one day (JST) the staff member read the records of at least
  `MADOGUCHI_PRIVACY_OUTSIDE_CASES_MIN` (default 10) residents who have no application with any
  department the reader works in (so a 市民課 clerk looking up a few residents at the counter is
  not flagged, a clerk browsing residents of other divisions' cases is).

A scan is idempotent: it can run over the same hours again (the hourly beat job looks back two
hours) and extends the alert it raised before instead of raising a second one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.holidays import is_business_day
from madoguchi.core.japanese.jst import JST, to_jst_date
from madoguchi.core.models import AuditEntry, Department, StaffRole

from ..models import AccessAlert

READ_ACTIONS = (
    "personal_data_viewed",
    "personal_data_read",
    "application_viewed",
    "attachment_viewed",
    "my_number_revealed",
)
WINDOW = timedelta(hours=1)
NORM_HISTORY = timedelta(days=28)
LOOKBACK = timedelta(hours=2)


def _floor() -> int:
    return int(getattr(settings, "MADOGUCHI_PRIVACY_HOURLY_FLOOR", 60))


def _outside_min() -> int:
    return int(getattr(settings, "MADOGUCHI_PRIVACY_OUTSIDE_CASES_MIN", 10))


def _outside_cases(staff_id: str, reads: list[Read]) -> dict:
    """The day's reads of residents outside the reader's cases (JST day → reads), per day with at
    least the minimum number of distinct residents."""
    person_reads = [r for r in reads if r.record[0] == "core.person" and r.record[1].isdigit()]
    if not person_reads:
        return {}
    departments = list(StaffRole.objects.filter(user_id=staff_id).values_list("department_id", flat=True))
    inside = applications.applicants_in({int(r.record[1]) for r in person_reads}, departments)
    by_day: dict = defaultdict(list)
    for read in person_reads:
        if int(read.record[1]) not in inside:
            by_day[to_jst_date(read.time)].append(read)
    return {
        day: day_reads
        for day, day_reads in by_day.items()
        if len({r.record for r in day_reads}) >= _outside_min()
    }


def _office_hours() -> tuple[int, int]:
    start, end = getattr(settings, "MADOGUCHI_PRIVACY_OFFICE_HOURS", (8, 20))
    return int(start), int(end)


@dataclass(frozen=True)
class Read:
    seq: int
    time: datetime
    action: str
    record: tuple[str, str]  # (object_type, object_id)


def _reads(since: datetime, until: datetime, actors: list[str] | None = None) -> dict[str, list[Read]]:
    """Staff reads in [since, until), per actor id (entries without an actor are not staff reads)."""
    entries = AuditEntry.objects.filter(action__in=READ_ACTIONS, time__gte=since, time__lt=until).exclude(
        actor_id_value=""
    )
    if actors is not None:
        entries = entries.filter(actor_id_value__in=actors)
    result: dict[str, list[Read]] = defaultdict(list)
    rows = entries.order_by("seq").values_list(
        "seq", "time", "action", "object_type", "object_id", "actor_id_value"
    )
    for seq, time, action, object_type, object_id, actor in rows.iterator(chunk_size=2000):
        result[actor].append(Read(seq, time, action, (object_type, object_id)))
    return result


def home_department(staff_id: int | str) -> Department | None:
    """The department whose manager reviews this staff member: where they hold their first role,
    otherwise the office in charge of security (`MADOGUCHI_PRIVACY_OFFICE`, 情報管理課)."""
    role = StaffRole.objects.filter(user_id=staff_id).select_related("department").order_by("pk").first()
    if role is not None:
        return role.department
    return Department.objects.filter(code=getattr(settings, "MADOGUCHI_PRIVACY_OFFICE", "johokanri")).first()


def _busiest_hour(reads: list[Read]) -> tuple[int, list[Read]]:
    """The most distinct records read within any 60 minutes (sliding), and those reads."""
    timed = [r for r in reads if r.record[1]]  # a list page (no id) is not a record read
    best: tuple[int, list[Read]] = (0, [])
    left = 0
    seen: Counter = Counter()
    for right, read in enumerate(timed):
        seen[read.record] += 1
        while read.time - timed[left].time >= WINDOW:
            seen[timed[left].record] -= 1
            if not seen[timed[left].record]:
                del seen[timed[left].record]
            left += 1
        if len(seen) > best[0]:
            best = (len(seen), timed[left : right + 1])
    return best


def department_norm(department: Department, *, now: datetime | None = None) -> int:
    """How many distinct records a staff member of `department` may read in an hour before it is
    unusual: three times the department's usual busy hour (the 95th percentile of staff-hours with
    reads, last 28 days), and never below the floor."""
    now = now or timezone.now()
    staff = [
        str(pk) for pk in StaffRole.objects.filter(department=department).values_list("user_id", flat=True)
    ]
    hourly: list[int] = []
    for reads in _reads(now - NORM_HISTORY, now, staff).values():
        per_hour: dict[datetime, set] = defaultdict(set)
        for read in reads:
            if read.record[1]:
                per_hour[read.time.replace(minute=0, second=0, microsecond=0)].add(read.record)
        hourly += [len(records) for records in per_hour.values()]
    usual = sorted(hourly)[int(len(hourly) * 0.95)] if hourly else 0
    return max(_floor(), 3 * usual)


def _out_of_hours(time: datetime) -> bool:
    start, end = _office_hours()
    local = time.astimezone(JST)
    return not is_business_day(local) or not (start <= local.hour < end)


def _day_bounds(day) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=JST)
    return start, start + timedelta(days=1)


def _raise(kind: str, staff_id: str, department: Department, reads: list[Read], *, norm=None, existing=None):
    """Create the alert, or extend `existing` (the same pattern seen again by a later scan)."""
    count = len({r.record for r in reads})
    seqs = sorted({r.seq for r in reads})
    start, end = reads[0].time, reads[-1].time
    if existing is None:
        alert, created = AccessAlert.objects.get_or_create(
            kind=kind,
            staff_id=int(staff_id),
            window_start=start,
            defaults={
                "department": department,
                "window_end": end,
                "count": count,
                "norm": norm,
                "audit_seqs": seqs,
            },
        )
        if created:
            record_event(alert, verb="access_alert_raised", data={"kind": kind, "count": count})
            return alert
        existing = alert
    merged = sorted(set(existing.audit_seqs) | set(seqs))
    if count <= existing.count and merged == existing.audit_seqs:
        return None
    existing.window_start = min(existing.window_start, start)
    existing.window_end = max(existing.window_end, end)
    existing.count = max(existing.count, count)
    existing.audit_seqs = merged
    existing.save(update_fields=["window_start", "window_end", "count", "audit_seqs"])
    record_event(existing, verb="access_alert_extended", data={"kind": kind, "count": existing.count})
    return existing


@transaction.atomic
def scan_access(*, since: datetime | None = None, until: datetime | None = None) -> list[AccessAlert]:
    """Look at staff reads in [since, until) (default: the last two hours) and raise or extend
    alerts. Returns the alerts raised or changed."""
    until = until or timezone.now()
    since = since or until - LOOKBACK
    changed: list[AccessAlert] = []
    norms: dict[int, int] = {}
    for staff_id, reads in _reads(since, until).items():
        department = home_department(staff_id)
        if department is None:
            continue
        if department.pk not in norms:
            norms[department.pk] = department_norm(department, now=since)  # history before what is scanned
        norm = norms[department.pk]
        count, window = _busiest_hour(reads)
        if count > norm:
            overlapping = AccessAlert.objects.filter(
                kind=AccessAlert.Kind.VOLUME,
                staff_id=int(staff_id),
                window_start__lte=window[-1].time,
                window_end__gte=window[0].time - WINDOW,
            ).first()
            changed.append(
                _raise(AccessAlert.Kind.VOLUME, staff_id, department, window, norm=norm, existing=overlapping)
            )
        by_day: dict = defaultdict(list)
        for read in reads:
            if _out_of_hours(read.time):
                by_day[to_jst_date(read.time)].append(read)
        for day, day_reads in by_day.items():
            start, end = _day_bounds(day)
            same_day = AccessAlert.objects.filter(
                kind=AccessAlert.Kind.OUT_OF_HOURS,
                staff_id=int(staff_id),
                window_start__gte=start,
                window_start__lt=end,
            ).first()
            changed.append(
                _raise(AccessAlert.Kind.OUT_OF_HOURS, staff_id, department, day_reads, existing=same_day)
            )
        for day, day_reads in _outside_cases(staff_id, reads).items():
            start, end = _day_bounds(day)
            same_day = AccessAlert.objects.filter(
                kind=AccessAlert.Kind.OUTSIDE_CASES,
                staff_id=int(staff_id),
                window_start__gte=start,
                window_start__lt=end,
            ).first()
            changed.append(
                _raise(AccessAlert.Kind.OUTSIDE_CASES, staff_id, department, day_reads, existing=same_day)
            )
        for read in reads:
            if read.action == "my_number_revealed" and read.record[0] == "core.person":
                changed.append(_raise(AccessAlert.Kind.MY_NUMBER_WITHOUT_CASE, staff_id, department, [read]))
    return [alert for alert in changed if alert is not None]


# ---------------------------------------------------------------- the manager's review


def can_review_anywhere(user) -> bool:
    return access.can_anywhere(user, access.PRIVACY_REVIEW)


def alerts_for(user, *, status: str | None = AccessAlert.Status.OPEN):
    """The alerts a manager reviews: their departments' (never their own)."""
    alerts = AccessAlert.objects.filter(
        department__in=access.departments_where(user, access.PRIVACY_REVIEW)
    ).exclude(staff=user)
    if status:
        alerts = alerts.filter(status=status)
    return alerts.select_related("staff", "department").order_by("-window_start", "pk")


def access_alert(user, pk) -> AccessAlert:
    """One alert for a manager of its department (404 otherwise, and for an alert about themselves)."""
    alert = access.load(
        AccessAlert.objects.select_related("staff", "department", "reviewed_by"),
        user,
        access.PRIVACY_REVIEW,
        pk=pk,
    )
    if alert.staff_id == user.pk:
        raise PermissionDenied(_("ご自身についての警告は確認できません。"))
    return alert


@dataclass(frozen=True)
class AlertDetail:
    by_action: dict[str, int]
    by_hour: dict[str, int]  # "2025-04-01 22時" (JST) → reads
    entries: list[AuditEntry]


def alert_detail(alert: AccessAlert, *, limit: int = 500) -> AlertDetail:
    """What lies behind an alert: the audit entries (record ids, never their contents)."""
    entries = list(AuditEntry.objects.filter(seq__in=alert.audit_seqs[:limit]).order_by("seq"))
    hours: Counter = Counter(e.time.astimezone(JST).strftime("%Y-%m-%d %H:00") for e in entries)
    return AlertDetail(
        by_action=dict(Counter(e.action for e in entries)),
        by_hour=dict(sorted(hours.items())),
        entries=entries,
    )


REVIEW_OUTCOMES = (AccessAlert.Status.JUSTIFIED, AccessAlert.Status.ESCALATED)


@transaction.atomic
def review_alert(alert: AccessAlert, *, by, outcome: str, note: str) -> AccessAlert:
    """The manager's finding on an alert: justified by the work, or escalated as possibly improper."""
    access.require(by, access.PRIVACY_REVIEW, alert.department_id)
    if alert.staff_id == by.pk:
        raise PermissionDenied(_("ご自身についての警告は確認できません。"))
    alert = AccessAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AccessAlert.Status.OPEN:
        raise ValidationError(_("この警告は確認済みです。"))
    if outcome not in REVIEW_OUTCOMES:
        raise ValidationError({"outcome": [_("確認の結果を選んでください。")]})
    if not (note or "").strip():
        raise ValidationError(
            {"note": [_("確認した内容を入力してください（例：転入手続の集中処理のため）。")]}
        )
    alert.status = outcome
    alert.review_note = note.strip()
    alert.reviewed_by = by
    alert.reviewed_at = timezone.now()
    alert.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    record_event(alert, verb="access_alert_reviewed", actor=by, data={"outcome": outcome})
    return alert
