"""Workshops (ワークショップ) — the city's briefings and events too (説明会・イベント): registration
with seats per mode and a waiting list, the online link revealed to confirmed registrants near the
start (and opened through /events/<id>/join/, which records the join), the recording and minutes
after the end, and the public iCalendar feed (/events/calendar.ics). Materials, questions in advance,
check-in at the door and reminders are in `briefings.py`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
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
    if workshop.has_ended():
        raise NotAllowed(_("この説明会・イベントは終了しました。"), code="ended")
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
def publish_minutes(
    workshop: Workshop, *, by: User, minutes: str, recording_url: str = "", now: datetime | None = None
) -> Workshop:
    """記録の公開: the minutes (議事録・議事要旨) and the recording's link, once the event has ended."""
    if not workshop.has_ended(now):
        raise NotAllowed(
            _("記録と録画は、終了日時（%(end)s）を過ぎてから公開できます。")
            % {"end": _jst(workshop.ends_at)},
            code="not_ended",
        )
    minutes = (minutes or "").strip()
    if not minutes and not recording_url:
        raise NotAllowed(_("記録（議事録）か録画のURLを入力してください。"), code="empty")
    workshop.minutes, workshop.recording_url = minutes, recording_url
    workshop.save(update_fields=["minutes", "recording_url"])
    record_event(
        workshop,
        verb=Verb.MINUTES_PUBLISHED,
        actor=by,
        data={"minutes": bool(minutes), "recording": bool(recording_url)},
    )
    bump("participation")
    _notify_followers(workshop.process, "participation/emails/minutes", workshop=workshop)
    return workshop


def _jst(value: datetime) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


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
    """The online link for this registration now, or "" (not confirmed online, too early, or over).

    Residents never see it on a page: they open `join_url`, which records the join and redirects."""
    if (
        registration is None
        or registration.workshop_id != workshop.pk
        or registration.status != Registration.Status.CONFIRMED
        or registration.mode != ParticipationChannel.ONLINE
        or not workshop.online_url
    ):
        return ""
    now = now or timezone.now()
    return workshop.online_url if link_reveal_at(workshop) <= now < workshop.ends_at else ""


def join_url(workshop: Workshop) -> str:
    """Our own address of the online link (/events/<id>/join/): it records the join, then redirects."""
    return reverse("events:join", args=[workshop.pk])


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
        event.add("dtend", workshop.ends_at)
        event.add("summary", workshop.title)
        place = workshop.venue if workshop.format != Workshop.Format.ONLINE else ""
        online = str(_("オンライン")) if workshop.format != Workshop.Format.IN_PERSON else ""
        event.add("location", "・".join(p for p in (place, online) if p))
        event.add("description", f"{workshop.get_format_display()}\n{workshop.description}".strip())
        event.add("categories", [str(workshop.get_format_display())])
        event.add("url", url_for(workshop))
        calendar.add_component(event)
    return calendar.to_ical()
