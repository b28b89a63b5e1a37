"""Visit reservations (来庁予約): free slots, booking (with the card, or with a name and a phone
number or e-mail address), changing, cancelling, reminders and check-in.

Who may change or cancel: the resident who booked (logged in), counter staff of the window's
department, or whoever holds the booking's key (the link in the confirmation, or the reference
number with the phone number or e-mail address given when booking).
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.japanese import JapaneseInputError, normalize_phone
from madoguchi.core.models import Channel, Person, User
from madoguchi.core.notifications import notify
from madoguchi.lifeevents import services as lifeevents

from ..events import Verb
from ..models import Reservation, Ticket, VisitSlot
from .queue import issue_ticket
from .staff import actor_or_none, may_work_for

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


@dataclass(frozen=True)
class Contact:
    """Who booked without the card: a name, and a phone number or e-mail address (or both)."""

    name: str
    phone: str = ""
    email: str = ""


def _clean_contact(contact: Contact) -> Contact:
    name = " ".join(unicodedata.normalize("NFKC", contact.name or "").split())
    email = (contact.email or "").strip().lower()
    phone = ""
    if (contact.phone or "").strip():
        try:
            phone = normalize_phone(contact.phone)
        except JapaneseInputError as error:
            raise ValidationError({"phone": error.messages}) from None
    if not name:
        raise ValidationError({"name": _("お名前を入力してください。")})
    if not phone and not email:
        raise ValidationError({"phone": _("電話番号かメールアドレスのどちらかを入力してください。")})
    return Contact(name=name, phone=phone, email=email)


def manage_key(reservation: Reservation) -> str:
    """The key in the confirmation's link: whoever holds it may see, change and cancel the booking."""
    return salted_hmac("madoguchi.counter.reservation", reservation.reference).hexdigest()[:32]


def may_manage(reservation: Reservation, *, by: User | AnonymousUser | None, key: str = "") -> bool:
    """The resident who booked, the holder of the booking's key, or staff of the window's department."""
    if key and constant_time_compare(key, manage_key(reservation)):
        return True
    person = getattr(by, "person", None) if getattr(by, "is_authenticated", False) else None
    if reservation.person_id and person is not None and reservation.person_id == person.pk:
        return True
    return may_work_for(by, reservation.slot.window.department) if by is not None else False


def _ensure_may_manage(reservation: Reservation, *, by, key: str) -> None:
    if not may_manage(reservation, by=by, key=key):
        raise PermissionDenied(_("この予約を変更・取消する権限がありません。"))


def find_reservation(reference: str, *, contact: str) -> Reservation | None:
    """「予約の確認」 without the card: the reference number and the phone number or e-mail address
    given when booking (None unless both match)."""
    reference = unicodedata.normalize("NFKC", reference or "").strip().upper()
    contact = unicodedata.normalize("NFKC", contact or "").strip()
    if not reference or not contact:
        return None
    reservation = (
        Reservation.objects.select_related("slot__window", "person").filter(reference=reference).first()
    )
    if reservation is None:
        return None
    emails = {reservation.contact_email.lower(), getattr(reservation.person, "email", "").lower()} - {""}
    phones = {reservation.contact_phone, getattr(reservation.person, "phone", "")} - {""}
    if "@" in contact:
        return reservation if contact.lower() in emails else None
    try:
        phone = normalize_phone(contact)
    except JapaneseInputError:
        return None
    normalized = set()
    for known in phones:
        try:
            normalized.add(normalize_phone(known))
        except JapaneseInputError:
            continue
    return reservation if phone in normalized else None


def reservations_of(person: Person):
    """A logged-in resident's bookings, upcoming first."""
    return (
        Reservation.objects.filter(person=person)
        .select_related("slot__window")
        .order_by("-status", "slot__starts_at")
    )


def _recipient(reservation: Reservation):
    return reservation.person if reservation.person_id else reservation.contact_email


def _check_seat(slot: VisitSlot) -> None:
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("この時間はすでに過ぎています。別の時間を選んでください。"))
    if slot.reservations.filter(status=Reservation.Status.BOOKED).count() >= slot.capacity:
        raise ValidationError(_("この時間は予約がいっぱいです。別の時間を選んでください。"))


@transaction.atomic
def reserve_visit(
    slot: VisitSlot,
    *,
    person: Person | None,
    life_event: str,
    answers: dict,
    by: User | AnonymousUser | None,
    contact: Contact | None = None,
) -> Reservation:
    """来庁予約: book a seat in the slot (refused when it is full or already past). Without the
    card, `person` is None and `contact` says who booked and how to reach them."""
    slot = VisitSlot.objects.select_for_update(of=("self",)).select_related("window").get(pk=slot.pk)
    if person is None:
        contact = _clean_contact(contact or Contact(name=""))
    _check_seat(slot)
    if (
        person is not None
        and Reservation.objects.filter(person=person, slot=slot, status=Reservation.Status.BOOKED).exists()
    ):
        raise ValidationError(_("この時間はすでに予約しています。"))
    reservation = Reservation.objects.create(
        reference=_reference(),
        slot=slot,
        person=person,
        contact_name=contact.name if person is None and contact else "",
        contact_phone=contact.phone if person is None and contact else "",
        contact_email=contact.email if person is None and contact else "",
        life_event=life_event,
        answers=answers,
    )
    record_event(
        reservation,
        verb=Verb.RESERVATION_BOOKED,
        actor=actor_or_none(by),
        channel=Channel.ONLINE,
        data={"window": slot.window.number, "life_event": life_event, "with_card": person is not None},
    )
    _notify(reservation, "counter/notifications/reservation_booked", items=_checklist(reservation))
    return reservation


def _notify(reservation: Reservation, template: str, **context) -> None:
    recipient = _recipient(reservation)
    if recipient:
        notify(recipient, template, reservation=reservation, manage_url=manage_url(reservation), **context)


def manage_url(reservation: Reservation) -> str:
    """The absolute link in e-mails and on the confirmation: opens the booking without logging in."""
    path = reverse("counter:reservation", args=[reservation.reference])
    return f"{settings.MADOGUCHI_PUBLIC_URL.rstrip('/')}{path}?key={manage_key(reservation)}"


def _checklist(reservation: Reservation) -> list:
    event = lifeevents.get_event(reservation.life_event)
    return lifeevents.plan_for(event, reservation.answers) if event else []


@transaction.atomic
def change_reservation(
    reservation: Reservation, *, slot: VisitSlot, by: User | AnonymousUser | None, key: str = ""
) -> Reservation:
    """予約の変更: move the booking to another time (same reference; the old seat is freed)."""
    reservation = (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("slot__window", "person")
        .get(pk=reservation.pk)
    )
    _ensure_may_manage(reservation, by=by, key=key)
    if reservation.status != Reservation.Status.BOOKED:
        raise ValidationError(_("この予約はすでに取り消されているか、来庁済みです。"))
    slot = VisitSlot.objects.select_for_update(of=("self",)).select_related("window").get(pk=slot.pk)
    if slot.pk == reservation.slot_id:
        return reservation
    _check_seat(slot)
    before = reservation.slot.starts_at
    reservation.slot = slot
    reservation.reminded_at = None
    reservation.save(update_fields=["slot", "reminded_at"])
    record_event(
        reservation,
        verb=Verb.RESERVATION_CHANGED,
        actor=actor_or_none(by),
        data={"from": before.isoformat(), "to": slot.starts_at.isoformat(), "window": slot.window.number},
    )
    _notify(reservation, "counter/notifications/reservation_booked", items=_checklist(reservation))
    return reservation


@transaction.atomic
def cancel_reservation(
    reservation: Reservation, *, by: User | AnonymousUser | None, key: str = ""
) -> Reservation:
    """予約の取消: by the resident who booked, the holder of the booking's key, or staff."""
    reservation = (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("person", "slot__window")
        .get(pk=reservation.pk)
    )
    if not may_manage(reservation, by=by, key=key):
        raise PermissionDenied(_("この予約を取り消す権限がありません。"))
    if reservation.status != Reservation.Status.BOOKED:
        raise ValidationError(_("この予約はすでに取り消されているか、来庁済みです。"))
    reservation.status = Reservation.Status.CANCELLED
    reservation.cancelled_at = timezone.now()
    reservation.save(update_fields=["status", "cancelled_at"])
    record_event(reservation, verb=Verb.RESERVATION_CANCELLED, actor=actor_or_none(by))
    _notify(reservation, "counter/notifications/reservation_cancelled")
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
            _notify(reservation, "counter/notifications/reservation_reminder", items=_checklist(reservation))
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
