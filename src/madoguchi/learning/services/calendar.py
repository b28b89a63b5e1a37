"""The public iCalendar feed of the classes (RFC 5545, written with the icalendar package)."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from ..models import CitizenClass


def classes_ics(classes, *, city: str, url_for) -> bytes:
    """One VEVENT per class; a cancelled class stays in the feed as STATUS:CANCELLED so calendars
    that subscribed remove it. `url_for(citizen_class)` gives its public page."""
    calendar = Calendar()
    calendar.add("prodid", "-//Madoguchi//learning classes//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{city} 講習会")
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    stamp = timezone.now()
    for citizen_class in classes:
        event = Event()
        event.add("uid", citizen_class.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", citizen_class.starts_at)
        event.add("dtend", citizen_class.ends_at)
        event.add("summary", citizen_class.title)
        location = citizen_class.place_name
        if citizen_class.place_address:
            location = f"{location}（{citizen_class.place_address}）"
        event.add("location", location)
        if citizen_class.description:
            event.add("description", citizen_class.description)
        event.add("url", url_for(citizen_class))
        cancelled = citizen_class.status == CitizenClass.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
