"""Visit reservations (来庁予約): free slots, booking, cancelling, reminders and check-in."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, Person, User
from madoguchi.core.notifications import notify
from madoguchi.lifeevents import services as lifeevents

from ..events import Verb
from ..models import Reservation, Ticket, VisitSlot
from .queue import issue_ticket
from .staff import actor_or_none, is_counter_staff

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def slots_for(category_code: str, *, now=None):
    """Future slots at windows serving the category, with seats left."""
    now = now or timezone.now()
    return (
        VisitSlot.objects.filter(
            starts_at__gt=now, window__categories__code=category_code, window__is_open=True
        )
        .annotate(booked=Count("reservations", filter=Q(reservations__status=Reservation.Status.BOOKED)))
        .filter(booked__lt=F("capacity"))
        .select_related("window")
        .order_by("starts_at", "window__sort_order")
        .distinct()
    )


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


@transaction.atomic
def reserve_visit(
    slot: VisitSlot, *, person: Person, life_event: str, answers: dict, by: User | AnonymousUser | None
) -> Reservation:
    """来庁予約: book a seat in the slot (refused when it is full or already past)."""
    slot = VisitSlot.objects.select_for_update(of=("self",)).select_related("window").get(pk=slot.pk)
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("この時間はすでに過ぎています。別の時間を選んでください。"))
    if slot.reservations.filter(status=Reservation.Status.BOOKED).count() >= slot.capacity:
        raise ValidationError(_("この時間は予約がいっぱいです。別の時間を選んでください。"))
    if Reservation.objects.filter(person=person, slot=slot, status=Reservation.Status.BOOKED).exists():
        raise ValidationError(_("この時間はすでに予約しています。"))
    reservation = Reservation.objects.create(
        reference=_reference(), slot=slot, person=person, life_event=life_event, answers=answers
    )
    record_event(
        reservation,
        verb=Verb.RESERVATION_BOOKED,
        actor=actor_or_none(by),
        channel=Channel.ONLINE,
        data={"window": slot.window.number, "life_event": life_event},
    )
    notify(
        person,
        "counter/notifications/reservation_booked",
        reservation=reservation,
        items=_checklist(reservation),
    )
    return reservation


def _checklist(reservation: Reservation) -> list:
    event = lifeevents.get_event(reservation.life_event)
    return lifeevents.plan_for(event, reservation.answers) if event else []


@transaction.atomic
def cancel_reservation(reservation: Reservation, *, by: User) -> Reservation:
    """予約の取消: by the resident who booked, or by staff."""
    reservation = (
        Reservation.objects.select_for_update(of=("self",)).select_related("person").get(pk=reservation.pk)
    )
    owner = getattr(reservation.person, "user_id", None) == getattr(by, "pk", -1)
    if not owner and not is_counter_staff(by):
        raise PermissionDenied(_("この予約を取り消す権限がありません。"))
    if reservation.status != Reservation.Status.BOOKED:
        raise ValidationError(_("この予約はすでに取り消されているか、来庁済みです。"))
    reservation.status = Reservation.Status.CANCELLED
    reservation.cancelled_at = timezone.now()
    reservation.save(update_fields=["status", "cancelled_at"])
    record_event(reservation, verb=Verb.RESERVATION_CANCELLED, actor=actor_or_none(by))
    notify(reservation.person, "counter/notifications/reservation_cancelled", reservation=reservation)
    return reservation


def send_reminders(*, now=None, hours: int = 24) -> int:
    """前日のお知らせ: remind every booking starting within `hours` that has not been reminded."""
    now = now or timezone.now()
    due = Reservation.objects.filter(
        status=Reservation.Status.BOOKED,
        reminded_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + timedelta(hours=hours),
    ).select_related("slot__window", "person")
    sent = 0
    for reservation in due:
        with transaction.atomic():
            if not Reservation.objects.filter(pk=reservation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            record_event(reservation, verb=Verb.RESERVATION_REMINDED)
            notify(
                reservation.person,
                "counter/notifications/reservation_reminder",
                reservation=reservation,
                items=_checklist(reservation),
            )
            sent += 1
    return sent


@transaction.atomic
def check_in(reservation: Reservation, *, by: User | AnonymousUser | None = None) -> Ticket:
    """予約の受付: the booked resident arrives and gets a ticket for the slot's window."""
    reservation = Reservation.objects.select_related("slot__window").get(pk=reservation.pk)
    if reservation.status != Reservation.Status.BOOKED:
        raise ValidationError(_("この予約は受付できません。"))
    existing = reservation.tickets.first()
    if existing:
        return existing
    category = reservation.slot.window.categories.first()
    if category is None:  # a window that takes no category issues no ticket
        raise ValidationError(_("この予約は受付できません。"))
    ticket = issue_ticket(category, person=reservation.person, reservation=reservation, by=by)
    Ticket.objects.filter(pk=ticket.pk).update(window=reservation.slot.window)
    ticket.window = reservation.slot.window
    return ticket
