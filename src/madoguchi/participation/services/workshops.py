"""Workshops (ワークショップ): registration with seats per mode and a waiting list, minutes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.models import User
from madoguchi.core.notifications import notify

from ..events import Verb
from ..models import Participation, ParticipationChannel, Registration, Workshop
from .base import AlreadyDone, NotAllowed, _ensure_person, _notify_followers, _record_participation


@transaction.atomic
def register_for_workshop(workshop: Workshop, *, person, user: User, mode: str) -> Registration:
    """参加を申し込む: confirmed while seats remain for that mode, else on the waiting list."""
    _ensure_person(person)
    mode = ParticipationChannel(mode)
    allowed = {
        Workshop.Format.IN_PERSON: {ParticipationChannel.IN_PERSON},
        Workshop.Format.ONLINE: {ParticipationChannel.ONLINE},
        Workshop.Format.HYBRID: {ParticipationChannel.IN_PERSON, ParticipationChannel.ONLINE},
    }[Workshop.Format(workshop.format)]
    if mode not in allowed:
        raise NotAllowed(_("このワークショップでは、その参加方法は選べません。"), code="bad_mode")
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()  # serialise seat counting
    existing = Registration.objects.filter(workshop=workshop, person=person).first()
    if existing and existing.status != Registration.Status.CANCELLED:
        raise AlreadyDone(_("このワークショップにはすでに申し込んでいます。"), code="duplicate")
    taken = Registration.objects.filter(
        workshop=workshop, mode=mode, status=Registration.Status.CONFIRMED
    ).count()
    status = (
        Registration.Status.CONFIRMED if taken < workshop.capacity_for(mode) else Registration.Status.WAITING
    )
    if existing:
        existing.mode, existing.status, existing.created_at = mode, status, timezone.now()
        existing.save(update_fields=["mode", "status", "created_at"])
        registration = existing
    else:
        registration = Registration.objects.create(workshop=workshop, person=person, mode=mode, status=status)
    _record_participation(
        workshop.process, workshop, kind=Participation.Kind.WORKSHOP, channel=mode, person=person, actor=user
    )
    return registration


@transaction.atomic
def cancel_registration(registration: Registration, *, by: User) -> Registration:
    """取り消す: the first on the waiting list for the same mode moves up and is told."""
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    record_event(registration.workshop, verb=Verb.REGISTRATION_CANCELLED, actor=by)
    if was_confirmed:
        nxt = (
            Registration.objects.filter(
                workshop=registration.workshop, mode=registration.mode, status=Registration.Status.WAITING
            )
            .order_by("created_at", "pk")
            .first()
        )
        if nxt:
            nxt.status = Registration.Status.CONFIRMED
            nxt.save(update_fields=["status"])
            notify(nxt.person, "participation/emails/waitlist_confirmed", workshop=registration.workshop)
    return registration


@transaction.atomic
def publish_minutes(workshop: Workshop, *, by: User, minutes: str, materials_url: str = "") -> Workshop:
    workshop.minutes, workshop.materials_url = minutes, materials_url
    workshop.save(update_fields=["minutes", "materials_url"])
    record_event(workshop, verb=Verb.MINUTES_PUBLISHED, actor=by)
    _notify_followers(workshop.process, "participation/emails/minutes", workshop=workshop)
    return workshop


def current_registration(workshop: Workshop, person) -> Registration | None:
    """The person's registration that still counts (confirmed or waiting), if any."""
    if person is None:
        return None
    return (
        Registration.objects.filter(workshop=workshop, person=person)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def workshop_seats(workshop: Workshop) -> dict[str, dict[str, int]]:
    """Seats per mode: {"in_person"|"online": {"capacity", "taken", "left"}}."""
    seats = {}
    for mode in ("in_person", "online"):
        taken = workshop.registrations.filter(mode=mode, status=Registration.Status.CONFIRMED).count()
        seats[mode] = {
            "capacity": workshop.capacity_for(mode),
            "taken": taken,
            "left": max(0, workshop.capacity_for(mode) - taken),
        }
    return seats
