"""A booking as an iCalendar file (RFC 5545), for the resident's calendar app."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from madoguchi.core.models import Municipality
from madoguchi.lifeevents import services as lifeevents

from .models import Reservation


def reservation_ics(reservation: Reservation, *, url: str = "") -> bytes:
    city = Municipality.current()
    event = lifeevents.get_event(reservation.life_event)
    window = reservation.slot.window
    cal = Calendar()
    cal.add("prodid", "-//Madoguchi//counter//JA")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    item = Event()
    host = settings.MADOGUCHI_PUBLIC_URL.split("//", 1)[-1].split("/", 1)[0] or "madoguchi.invalid"
    item.add("uid", f"reservation-{reservation.reference}@{host}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", reservation.slot.starts_at)
    item.add("dtend", reservation.slot.ends_at)
    title = event.title if event else _("来庁予約")
    item.add(
        "summary", _("%(city)s 来庁予約：%(title)s") % {"city": city.name if city else "", "title": title}
    )
    place = [f"{window.localized_name()}（{_('%(number)s番窓口') % {'number': window.number}}）"]
    if city is not None:
        place.append(f"{city.name} {getattr(city, 'address', '')}".strip())
    item.add("location", " ".join(place))
    lines = [_("予約番号") + f": {reservation.reference}"]
    if url:
        lines.append(_("予約の確認・変更・取消") + f": {url}")
    item.add("description", "\n".join(lines))
    if url:
        item.add("url", url)
    if reservation.status == Reservation.Status.CANCELLED:
        item.add("status", "CANCELLED")
    cal.add_component(item)
    return cal.to_ical()
