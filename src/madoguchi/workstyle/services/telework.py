"""テレワーク実証実験: pilot periods, the roster of staff each pilot is measured against, the days
teleworked, a short survey, and テレワークシステム実証実験の参加率.

Who counts (the rate's population): the pilot's roster, taken once when the pilot is registered
— the active accounts that then held a role in one of the target departments (for a 管理職 pilot:
the 決裁 role), each once, in the first target department in the city's order. Roles carry no
history, so the roster is kept: a past pilot's rate never changes when people move later.
A participant is a roster member with at least one telework day recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year_range
from madoguchi.core.models import Department, StaffRole

from ..events import Verb
from ..models import PilotMember, SurveyAnswer, TeleworkDay, TeleworkPilot

if TYPE_CHECKING:
    from madoguchi.core.models import User

MANAGER_ROLES: frozenset[str] = frozenset({StaffRole.Role.APPROVAL})  # 管理職: the 所属長 who decides (決裁)
ALL_ROLES: frozenset[str] = frozenset(StaffRole.Role.values)


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def roster(target: str, departments: Iterable[Department]) -> list[tuple[int, Department]]:
    """(user id, department) of each active account the pilot would count, once each."""
    roles = MANAGER_ROLES if target == TeleworkPilot.Target.MANAGERS else ALL_ROLES
    chosen = sorted(departments, key=lambda d: (d.sort_order, d.code))
    active = set(get_user_model().objects.filter(is_active=True).values_list("pk", flat=True))
    seen: dict[int, Department] = {}
    for department in chosen:
        holders = StaffRole.objects.filter(department=department, role__in=roles).values_list(
            "user_id", flat=True
        )
        for user_id in sorted(set(holders)):
            if user_id in active:
                seen.setdefault(user_id, department)
    return sorted(seen.items())


@transaction.atomic
def start_pilot(
    department: Department,
    *,
    by: User | None,
    title: str,
    system_name: str,
    starts_on: date | None,
    ends_on: date | None,
    target: str,
    target_departments: Iterable[Department],
) -> TeleworkPilot:
    """実証実験を登録する: its period, system and target; the roster is taken now."""
    if by is not None:
        access.require(by, access.WORKSTYLE_MANAGE, department.pk)
    targets = list(target_departments)
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("名称を入力してください。")]
    if not (system_name or "").strip():
        errors["system_name"] = [_("テレワークシステムの名称を入力してください。")]
    if starts_on is None:
        errors["starts_on"] = [_("開始日を入力してください。")]
    if ends_on is None:
        errors["ends_on"] = [_("終了日を入力してください。")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("終了日は開始日以降の日付にしてください。")]
    if target not in TeleworkPilot.Target.values:
        errors["target"] = [_("対象（全職員または管理職）を選んでください。")]
    if not targets:
        errors["target_departments"] = [_("対象部署を1つ以上選んでください。")]
    elif target in TeleworkPilot.Target.values and not roster(target, targets):
        errors["target_departments"] = [_("対象部署に、対象となる職員がいません。")]
    if errors or starts_on is None or ends_on is None:
        raise ValidationError(errors)
    pilot = TeleworkPilot.objects.create(
        department=department,
        title=title.strip(),
        system_name=system_name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        target=target,
        created_by=_actor(by),
    )
    pilot.target_departments.set(targets)
    members = PilotMember.objects.bulk_create(
        PilotMember(pilot=pilot, user_id=user_id, department=member_department)
        for user_id, member_department in roster(target, targets)
    )
    record_event(
        pilot,
        verb=Verb.PILOT_STARTED,
        actor=_actor(by),
        data={"department": department.code, "target": target, "roster": len(members)},
    )
    return pilot


def _may_record_for(by, member: PilotMember) -> bool:
    return (
        by is None
        or by.pk == member.user_id
        or access.can(by, access.WORKSTYLE_MANAGE, member.pilot.department_id)
    )


@transaction.atomic
def record_day(member: PilotMember, *, by: User | None, on: date | None) -> TeleworkDay:
    """テレワークの実施日を記録する: by the member, or by the pilot's running department."""
    if not _may_record_for(by, member):
        raise PermissionDenied(access.WORKSTYLE_MANAGE.refusal)
    pilot = member.pilot
    if on is None:
        raise ValidationError({"on": [_("実施日を入力してください。")]})
    if not pilot.starts_on <= on <= pilot.ends_on:
        raise ValidationError(
            {
                "on": [
                    _("実施日は実証実験の期間（%(start)s〜%(end)s）の日付にしてください。")
                    % {"start": pilot.starts_on.isoformat(), "end": pilot.ends_on.isoformat()}
                ]
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"on": [_("まだ来ていない日の実施は記録できません。")]})
    if member.days.filter(on=on).exists():
        raise ValidationError({"on": [_("%(day)s の実施はすでに記録しています。") % {"day": on.isoformat()}]})
    day = TeleworkDay.objects.create(member=member, on=on, recorded_by=_actor(by))
    record_event(
        pilot, verb=Verb.TELEWORK_RECORDED, actor=_actor(by), data={"member": member.pk, "on": on.isoformat()}
    )
    return day


@transaction.atomic
def answer_survey(
    member: PilotMember,
    *,
    by: User | None,
    usability: int | None,
    connection_trouble: bool | None,
    would_continue: str,
    comment: str = "",
) -> SurveyAnswer:
    """アンケートに回答する: only the member answers, once (a second answer replaces the first)."""
    if by is not None and by.pk != member.user_id:
        raise PermissionDenied(_("アンケートには対象職員本人だけが回答できます。"))
    errors: dict[str, list[str]] = {}
    if usability not in (1, 2, 3, 4, 5):
        errors["usability"] = [_("業務の進めやすさを1〜5から選んでください。")]
    if connection_trouble is None:
        errors["connection_trouble"] = [_("接続の不具合があったかどうかを選んでください。")]
    if would_continue not in SurveyAnswer.Continue.values:
        errors["would_continue"] = [_("今後も利用したいかを選んでください。")]
    if errors:
        raise ValidationError(errors)
    answer, _created = SurveyAnswer.objects.update_or_create(
        member=member,
        defaults={
            "usability": usability,
            "connection_trouble": connection_trouble,
            "would_continue": would_continue,
            "comment": (comment or "").strip()[:2000],
            "answered_at": timezone.now(),
        },
    )
    record_event(member.pilot, verb=Verb.SURVEY_ANSWERED, actor=_actor(by), data={"member": member.pk})
    return answer


# ---------------------------------------------------------------- reads


def pilots_for(user) -> QuerySet[TeleworkPilot]:
    departments = access.departments_where(user, access.WORKSTYLE_MANAGE)
    return TeleworkPilot.objects.filter(department__in=departments).select_related("department")


def access_pilot(user, pk: int) -> TeleworkPilot:
    return access.load(
        TeleworkPilot.objects.select_related("department"), user, access.WORKSTYLE_MANAGE, pk=pk
    )


def memberships_of(user) -> QuerySet[PilotMember]:
    """The pilots `user` is on the roster of (their own page)."""
    return PilotMember.objects.filter(user=user).select_related("pilot", "department")


def pilots_in(fiscal_year: int) -> QuerySet[TeleworkPilot]:
    """Pilots whose period overlaps the 年度."""
    first, last = fiscal_year_range(fiscal_year)
    return TeleworkPilot.objects.filter(starts_on__lte=last, ends_on__gte=first)


@dataclass(frozen=True)
class Participation:
    eligible: int  # distinct staff on the rosters
    participants: int  # of them, with a telework day in the 年度
    days: int  # telework days recorded in the 年度

    @property
    def percent(self) -> float | None:
        return round(100 * self.participants / self.eligible, 1) if self.eligible else None


def year_members(fiscal_year: int, *, department: str | None = None) -> QuerySet[PilotMember]:
    members = PilotMember.objects.filter(pilot__in=pilots_in(fiscal_year))
    return members.filter(department__code=department) if department else members


def year_days(fiscal_year: int) -> QuerySet[TeleworkDay]:
    first, last = fiscal_year_range(fiscal_year)
    return TeleworkDay.objects.filter(on__gte=first, on__lte=last)


def participation(fiscal_year: int, *, department: str | None = None) -> Participation:
    """The 年度's rosters and who of them teleworked: distinct accounts (a person on two pilots'
    rosters counts once; in a department breakdown, once in each department they are counted in)."""
    members = year_members(fiscal_year, department=department)
    days = year_days(fiscal_year).filter(member__in=members)
    return Participation(
        eligible=members.values("user_id").distinct().count(),
        participants=days.values("member__user_id").distinct().count(),
        days=days.count(),
    )


def participation_by_department(fiscal_year: int) -> list[tuple[Department, Participation]]:
    ids = set(year_members(fiscal_year).values_list("department_id", flat=True))
    return [
        (d, participation(fiscal_year, department=d.code))
        for d in Department.objects.filter(pk__in=ids).order_by("sort_order", "code")
    ]
