"""Workshops (ワークショップ) — the city's briefings and events too (説明会・イベント): registration
with seats per mode and a waiting list, the online link revealed to confirmed registrants near the
start, minutes, and the public iCalendar feed (/events/calendar.ics)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from madoguchi.core.events import record_event
from madoguchi.core.models import User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

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
    # The same lock as a sign-up: two cancellations at once must move up two different people,
    # and a sign-up must not take the freed seat past the waiting list.
    Workshop.objects.select_for_update().filter(pk=registration.workshop_id).first()
    registration.refresh_from_db(fields=["status"])
    if registration.status == Registration.Status.CANCELLED:
        return registration
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    record_event(registration.workshop, verb=Verb.REGISTRATION_CANCELLED, actor=by)
    bump("participation")
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
    bump("participation")
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


# The online link is shown this long before the start, to confirmed online registrants only: a link
# posted earlier or to everyone travels (and invites people who have no place).
LINK_REVEAL_BEFORE = timedelta(minutes=30)


def link_reveal_at(workshop: Workshop) -> datetime:
    return workshop.starts_at - LINK_REVEAL_BEFORE


def meeting_link(
    workshop: Workshop, registration: Registration | None, *, now: datetime | None = None
) -> str:
    """The online link for this registration now, or "" (not confirmed online, or too early)."""
    if (
        registration is None
        or registration.workshop_id != workshop.pk
        or registration.status != Registration.Status.CONFIRMED
        or registration.mode != ParticipationChannel.ONLINE
        or not workshop.online_url
    ):
        return ""
    return workshop.online_url if (now or timezone.now()) >= link_reveal_at(workshop) else ""


def public_events() -> QuerySet[Workshop]:
    """The events of published processes, as the calendar lists them."""
    return (
        Workshop.objects.filter(process__is_published=True)
        .select_related("process")
        .order_by("starts_at", "pk")
    )


def events_ics(workshops, *, city: str, url_for) -> bytes:
    """The events as iCalendar (RFC 5545): one VEVENT each, never the online link (it is for
    registrants only); `url_for(workshop)` gives its public page, where people register."""
    calendar = Calendar()
    calendar.add("prodid", "-//Madoguchi//participation events//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{city} 説明会・イベント")
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    stamp = timezone.now()
    for workshop in workshops:
        event = CalendarEvent()
        event.add("uid", f"workshop-{workshop.pk}@madoguchi")
        event.add("dtstamp", stamp)
        event.add("dtstart", workshop.starts_at)
        event.add("summary", workshop.title)
        place = workshop.venue if workshop.format != Workshop.Format.ONLINE else ""
        online = str(_("オンライン")) if workshop.format != Workshop.Format.IN_PERSON else ""
        event.add("location", "・".join(p for p in (place, online) if p))
        event.add("description", f"{workshop.get_format_display()}\n{workshop.description}".strip())
        event.add("categories", [str(workshop.get_format_display())])
        event.add("url", url_for(workshop))
        calendar.add_component(event)
    return calendar.to_ical()
