"""講習会（スマホ講習会）: sessions at the city's facilities, registration online or entered by
staff (phone, counter), the waiting list, attendance, the survey, and the public calendar.

Seats are counted with the class row locked (``select_for_update``), the way participation's
workshops and the counter's visit slots count theirs, so concurrent sign-ups never exceed the
capacity; a cancelled seat goes to the first on the waiting list, who is told.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core import access
from madoguchi.core.access import LEARNING_MANAGE
from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, Department, Person
from madoguchi.core.notifications import notify

from ..events import Verb
from ..models import CitizenClass, ClassRegistration, SurveyAnswer

Status = ClassRegistration.Status
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


@transaction.atomic
def schedule_class(
    department: Department,
    *,
    by,
    title: str,
    topic: str,
    starts_at: datetime,
    ends_at: datetime,
    place_name: str,
    capacity: int,
    description: str = "",
    facility_id: str = "",
    place_address: str = "",
) -> CitizenClass:
    """講習会を登録する."""
    access.require(by, LEARNING_MANAGE, department)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("終了日時は開始日時より後にしてください。")})
    if capacity < 1:
        raise ValidationError({"capacity": _("定員は1人以上にしてください。")})
    citizen_class = CitizenClass.objects.create(
        department=department,
        title=title,
        topic=topic,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        facility_id=facility_id,
        place_name=place_name,
        place_address=place_address,
        capacity=capacity,
        uid=f"{uuid.uuid4()}@madoguchi",
    )
    record_event(citizen_class, verb=Verb.CLASS_SCHEDULED, actor=by, data={"topic": topic})
    return citizen_class


@transaction.atomic
def cancel_class(citizen_class: CitizenClass, *, by) -> CitizenClass:
    """講習会を中止する: everyone registered who can be reached is told."""
    access.require(by, LEARNING_MANAGE, citizen_class.department_id)
    citizen_class = CitizenClass.objects.select_for_update().get(pk=citizen_class.pk)
    if citizen_class.status == CitizenClass.Status.CANCELLED:
        raise ValidationError(_("この講習会はすでに中止になっています。"))
    citizen_class.status = CitizenClass.Status.CANCELLED
    citizen_class.save(update_fields=["status"])
    record_event(citizen_class, verb=Verb.CLASS_CANCELLED, actor=by)
    for registration in citizen_class.registrations.exclude(status=Status.CANCELLED).select_related("person"):
        if registration.person is not None:
            notify(registration.person, "learning/emails/class_cancelled", citizen_class=citizen_class)
    return citizen_class


def upcoming_classes(*, now=None) -> QuerySet:
    """Public: classes not yet over (cancelled ones stay listed, marked)."""
    now = now or timezone.now()
    return with_seats(CitizenClass.objects.filter(ends_at__gte=now)).select_related("department")


def with_seats(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(taken=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)))


def public_class(pk: int) -> CitizenClass:
    try:
        return with_seats(CitizenClass.objects.select_related("department")).get(pk=pk)
    except CitizenClass.DoesNotExist:
        raise Http404 from None


def seats_left(citizen_class: CitizenClass) -> int:
    taken = citizen_class.registrations.filter(status=Status.CONFIRMED).count()
    return max(0, citizen_class.capacity - taken)


def _register(
    citizen_class: CitizenClass,
    *,
    actor,
    person: Person | None,
    name: str,
    phone: str,
    email: str,
    channel: str,
) -> ClassRegistration:
    # Seats are counted with the class row locked: concurrent sign-ups line up here.
    citizen_class = CitizenClass.objects.select_for_update().get(pk=citizen_class.pk)
    if citizen_class.status == CitizenClass.Status.CANCELLED:
        raise ValidationError(_("この講習会は中止になりました。"), code="cancelled")
    if citizen_class.starts_at <= timezone.now():
        raise ValidationError(_("この講習会の申込は締め切りました。"), code="closed")
    if (
        person is not None
        and citizen_class.registrations.filter(person=person).exclude(status=Status.CANCELLED).exists()
    ):
        raise ValidationError(_("この講習会にはすでに申し込んでいます。"), code="duplicate")
    taken = citizen_class.registrations.filter(status=Status.CONFIRMED).count()
    status = Status.CONFIRMED if taken < citizen_class.capacity else Status.WAITING
    registration = ClassRegistration.objects.create(
        citizen_class=citizen_class,
        person=person,
        name=name,
        phone=phone,
        email=email,
        channel=channel,
        status=status,
        reference=_reference(),
    )
    record_event(
        citizen_class,
        verb=Verb.REGISTERED,
        actor=actor,
        channel=channel,
        data={"registration": registration.reference, "status": status},
    )
    if person is not None:
        notify(person, "learning/emails/registered", registration=registration, citizen_class=citizen_class)
    return registration


@transaction.atomic
def register_online(citizen_class: CitizenClass, *, person: Person, by) -> ClassRegistration:
    """申し込む（オンライン）: confirmed while seats remain, else on the waiting list."""
    if person is None:
        raise PermissionDenied(_("申し込むにはログインしてください。"))
    return _register(
        citizen_class,
        actor=by,
        person=person,
        name=person.full_name,
        phone=person.phone,
        email=person.email,
        channel=Channel.ONLINE,
    )


@transaction.atomic
def register_for_resident(
    citizen_class: CitizenClass, *, by, name: str, phone: str, channel: str, person: Person | None = None
) -> ClassRegistration:
    """電話・窓口で受けた申込を職員が入力する (the same seats and waiting list as online)."""
    access.require(by, LEARNING_MANAGE, citizen_class.department_id)
    if channel not in (Channel.PHONE, Channel.COUNTER, Channel.POSTAL):
        raise ValidationError({"channel": _("申込の方法を選んでください（電話・窓口・郵送）。")})
    if not name.strip():
        raise ValidationError({"name": _("氏名を入力してください。")})
    return _register(
        citizen_class,
        actor=by,
        person=person,
        name=name.strip(),
        phone=phone.strip(),
        email="",
        channel=channel,
    )


def own_registration(user, reference: str) -> ClassRegistration:
    """A resident's own registration (404 for anyone else)."""
    registration = (
        ClassRegistration.objects.select_related("citizen_class", "person", "survey")
        .filter(reference=reference)
        .first()
    )
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if registration is None or person is None or registration.person_id != person.pk:
        raise Http404
    return registration


def registrations_of(person: Person | None) -> QuerySet:
    if person is None:
        return ClassRegistration.objects.none()
    return ClassRegistration.objects.filter(person=person).select_related("citizen_class")


def current_registration(citizen_class: CitizenClass, person: Person | None) -> ClassRegistration | None:
    if person is None:
        return None
    return citizen_class.registrations.filter(person=person).exclude(status=Status.CANCELLED).first()


def _may_change(registration: ClassRegistration, user) -> bool:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    owner = person is not None and registration.person_id == person.pk
    return owner or access.can(user, LEARNING_MANAGE, registration.citizen_class.department_id)


@transaction.atomic
def cancel_registration(registration: ClassRegistration, *, by) -> ClassRegistration:
    """申込を取り消す (the resident, or staff for them): the first on the waiting list moves up
    and is told; one registered by phone is marked for a call back."""
    citizen_class = CitizenClass.objects.select_for_update().get(pk=registration.citizen_class_id)
    registration = ClassRegistration.objects.select_for_update().get(pk=registration.pk)
    if not _may_change(registration, by):
        raise PermissionDenied(_("この申込を取り消す権限がありません。"))
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("この申込はすでに取り消されています。"))
    was_confirmed = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status"])
    record_event(
        citizen_class,
        verb=Verb.REGISTRATION_CANCELLED,
        actor=by,
        data={"registration": registration.reference},
    )
    if was_confirmed and citizen_class.status == CitizenClass.Status.SCHEDULED:
        _promote(citizen_class, by)
    return registration


def _promote(citizen_class: CitizenClass, actor) -> ClassRegistration | None:
    taken = citizen_class.registrations.filter(status=Status.CONFIRMED).count()
    if taken >= citizen_class.capacity:
        return None
    first = citizen_class.registrations.filter(status=Status.WAITING).order_by("created_at", "pk").first()
    if first is None:
        return None
    first.status = Status.CONFIRMED
    first.save(update_fields=["status"])
    record_event(
        citizen_class,
        verb=Verb.WAITLIST_PROMOTED,
        actor=actor,
        data={"registration": first.reference, "call_back": first.person_id is None},
    )
    if first.person_id is not None:
        notify(first.person, "learning/emails/promoted", registration=first, citizen_class=citizen_class)
    return first


def promoted_without_notice(citizen_class: CitizenClass) -> set[str]:
    """References moved up from the waiting list who gave no account to tell them: call them."""
    from madoguchi.core.events import events_for

    return {
        e.data.get("registration", "")
        for e in events_for(citizen_class).filter(verb=Verb.WAITLIST_PROMOTED)
        if e.data.get("call_back")
    }


@transaction.atomic
def record_attendance(registration: ClassRegistration, *, by, attended: bool) -> ClassRegistration:
    """出欠を記録する (on the day, from the roster)."""
    access.require(by, LEARNING_MANAGE, registration.citizen_class.department_id)
    if registration.status != Status.CONFIRMED:
        raise ValidationError(_("参加が確定している申込だけ出欠を記録できます。"))
    registration.attended = attended
    registration.save(update_fields=["attended"])
    record_event(
        registration.citizen_class,
        verb=Verb.ATTENDANCE_RECORDED,
        actor=by,
        data={"registration": registration.reference, "attended": attended},
    )
    return registration


@transaction.atomic
def answer_survey(
    registration: ClassRegistration, *, by, understanding: int, satisfaction: int, comment: str = "", now=None
) -> SurveyAnswer:
    """アンケートに答える: the participant online, or staff entering a paper sheet.

    5-point scale: 5 よく分かった／とても満足 … 1 分からなかった／不満.
    """
    registration = (
        ClassRegistration.objects.select_for_update().select_related("citizen_class").get(pk=registration.pk)
    )
    if not _may_change(registration, by):
        raise PermissionDenied(_("このアンケートに回答する権限がありません。"))
    if registration.status != Status.CONFIRMED or registration.attended is False:
        raise ValidationError(_("講習会に参加した方だけが回答できます。"))
    if registration.citizen_class.starts_at > (now or timezone.now()):
        raise ValidationError(_("アンケートは講習会の開始後に回答できます。"))
    for field, value in (("understanding", understanding), ("satisfaction", satisfaction)):
        if value not in (1, 2, 3, 4, 5):
            raise ValidationError({field: _("1から5までの中から選んでください。")})
    if SurveyAnswer.objects.filter(registration=registration).exists():
        raise ValidationError(_("このアンケートにはすでに回答しています。"))
    answer = SurveyAnswer.objects.create(
        registration=registration, understanding=understanding, satisfaction=satisfaction, comment=comment
    )
    record_event(
        registration.citizen_class,
        verb=Verb.SURVEY_ANSWERED,
        actor=by,
        data={"registration": registration.reference},
    )
    return answer


def managed_class(user, pk: int) -> CitizenClass:
    return access.load(
        with_seats(CitizenClass.objects.select_related("department")), user, LEARNING_MANAGE, pk=pk
    )


def managed_classes(user) -> QuerySet:
    return with_seats(
        CitizenClass.objects.filter(department__in=access.departments_where(user, LEARNING_MANAGE))
    ).select_related("department")


def managed_registration(user, pk: int) -> ClassRegistration:
    return access.load(
        ClassRegistration.objects.select_related("citizen_class", "person"),
        user,
        LEARNING_MANAGE,
        department=lambda r: r.citizen_class.department_id,
        pk=pk,
    )


def roster(citizen_class: CitizenClass) -> QuerySet:
    return citizen_class.registrations.select_related("survey").order_by("status", "created_at", "pk")
