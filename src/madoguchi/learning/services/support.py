"""地域の支え合い: digital supporters (volunteers, the national デジタル推進委員) and their shifts,
and the My Number card 負担軽減施策 (application support, pop-up application points)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from madoguchi.core import access
from madoguchi.core.access import LEARNING_MANAGE
from madoguchi.core.events import record_event
from madoguchi.core.models import Department

from ..events import Verb
from ..models import BurdenMeasure, CitizenClass, Shift, Supporter


@transaction.atomic
def register_supporter(
    department: Department,
    *,
    by,
    name: str,
    phone: str = "",
    email: str = "",
    national_promoter: bool = False,
) -> Supporter:
    access.require(by, LEARNING_MANAGE, department)
    if not name.strip():
        raise ValidationError({"name": _("氏名を入力してください。")})
    supporter = Supporter.objects.create(
        department=department,
        name=name.strip(),
        phone=phone,
        email=email,
        national_promoter=national_promoter,
    )
    record_event(supporter, verb=Verb.SUPPORTER_REGISTERED, actor=by)
    return supporter


@transaction.atomic
def add_shift(
    supporter: Supporter,
    *,
    by,
    starts_at: datetime,
    ends_at: datetime,
    place_name: str = "",
    citizen_class: CitizenClass | None = None,
) -> Shift:
    """サポーターの担当を入れる: at a class (its place and time by default) or a help desk."""
    access.require(by, LEARNING_MANAGE, supporter.department_id)
    if citizen_class is not None:
        access.require(by, LEARNING_MANAGE, citizen_class.department_id)
        place_name = place_name or citizen_class.place_name
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("終了日時は開始日時より後にしてください。")})
    if not place_name:
        raise ValidationError({"place_name": _("場所を入力するか、講習会を選んでください。")})
    overlapping = supporter.shifts.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists()
    if overlapping:
        raise ValidationError(_("この時間には、このサポーターの別の担当が入っています。"))
    shift = Shift.objects.create(
        supporter=supporter,
        citizen_class=citizen_class,
        starts_at=starts_at,
        ends_at=ends_at,
        place_name=place_name,
    )
    record_event(supporter, verb=Verb.SHIFT_ADDED, actor=by, data={"shift": shift.pk})
    return shift


def managed_supporters(user) -> QuerySet:
    return Supporter.objects.filter(
        department__in=access.departments_where(user, LEARNING_MANAGE)
    ).select_related("department")


def managed_supporter(user, pk: int) -> Supporter:
    return access.load(Supporter, user, LEARNING_MANAGE, pk=pk)


@transaction.atomic
def record_measure(
    department: Department,
    *,
    by,
    kind: str,
    title: str,
    held_on: date,
    place_name: str,
    facility_id: str = "",
    applications: int = 0,
    note: str = "",
) -> BurdenMeasure:
    """負担軽減施策を記録する (plan 1-イ: マイナンバーカード取得に係る市民の負担軽減施策)."""
    access.require(by, LEARNING_MANAGE, department)
    measure = BurdenMeasure.objects.create(
        department=department,
        kind=BurdenMeasure.Kind(kind),
        title=title,
        held_on=held_on,
        place_name=place_name,
        facility_id=facility_id,
        applications=applications,
        note=note,
    )
    record_event(
        measure, verb=Verb.MEASURE_RECORDED, actor=by, data={"kind": kind, "held_on": held_on.isoformat()}
    )
    return measure


def managed_measures(user) -> QuerySet:
    return BurdenMeasure.objects.filter(
        department__in=access.departments_where(user, LEARNING_MANAGE)
    ).select_related("department")
