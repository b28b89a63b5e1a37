"""Events and briefings (issue 23 part 1, plan 1-ア) on the workshop records: hybrid registration
under concurrent sign-ups and cancellations (PostgreSQL), the online link revealed to confirmed
registrants near the start only, and the public calendar feed /events/calendar.ics."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity.testing import login_resident, resident_user
from madoguchi.participation import services
from madoguchi.participation.demo import LOADER as participation_demo
from madoguchi.participation.models import Registration, Workshop

from .factories import ProcessFactory, WorkshopFactory

Status = Registration.Status


def _register(workshop, person, mode):
    return services.register_for_workshop(
        Workshop.objects.get(pk=workshop.pk), person=person, user=resident_user(person), mode=mode
    )


def _run_at_once(calls) -> list[Exception]:
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_hybrid_sign_ups_respect_each_modes_capacity(city):
    """Six people sign up at the venue (2 seats) and six online (3 places), all at once."""
    workshop = WorkshopFactory(capacity_in_person=2, capacity_online=3)
    venue = [PersonFactory() for _ in range(6)]
    online = [PersonFactory() for _ in range(6)]
    for person in venue + online:
        resident_user(person)
    calls = [lambda p=p: _register(workshop, p, "in_person") for p in venue]
    calls += [lambda p=p: _register(workshop, p, "online") for p in online]
    assert _run_at_once(calls) == []
    counts = {
        (mode, status): Registration.objects.filter(workshop=workshop, mode=mode, status=status).count()
        for mode in ("in_person", "online")
        for status in (Status.CONFIRMED, Status.WAITING)
    }
    assert counts == {
        ("in_person", Status.CONFIRMED): 2,
        ("in_person", Status.WAITING): 4,
        ("online", Status.CONFIRMED): 3,
        ("online", Status.WAITING): 3,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_each_give_their_place_to_the_next_waiting(city):
    """Two confirmed people cancel at once: the first two on the waiting list move up, not one twice."""
    workshop = WorkshopFactory(capacity_in_person=2, capacity_online=0, format=Workshop.Format.IN_PERSON)
    people = [PersonFactory() for _ in range(5)]
    registrations = [_register(workshop, person, "in_person") for person in people]
    assert [r.status for r in registrations] == [Status.CONFIRMED] * 2 + [Status.WAITING] * 3
    calls = [
        lambda r=r: services.cancel_registration(Registration.objects.get(pk=r.pk), by=None)
        for r in registrations[:2]
    ]
    assert _run_at_once(calls) == []
    statuses = [Registration.objects.get(pk=r.pk).status for r in registrations]
    assert statuses == [
        Status.CANCELLED,
        Status.CANCELLED,
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITING,
    ]


@pytest.mark.django_db
def test_a_cancelled_place_goes_to_the_first_waiting_for_the_same_mode(city):
    workshop = WorkshopFactory(capacity_in_person=1, capacity_online=1)
    first, online_waiting, venue_waiting = PersonFactory(), PersonFactory(), PersonFactory()
    confirmed = _register(workshop, first, "in_person")
    _register(workshop, PersonFactory(), "online")
    online_wait = _register(workshop, online_waiting, "online")
    venue_wait = _register(workshop, venue_waiting, "in_person")
    services.cancel_registration(confirmed, by=None)
    services.cancel_registration(confirmed, by=None)  # a repeated cancel moves nobody else up
    assert Registration.objects.get(pk=venue_wait.pk).status == Status.CONFIRMED
    assert Registration.objects.get(pk=online_wait.pk).status == Status.WAITING


@pytest.mark.django_db
def test_the_online_link_is_for_confirmed_online_registrants_from_30_minutes_before(city):
    starts = timezone.now() + datetime.timedelta(hours=2)
    workshop = WorkshopFactory(
        capacity_online=1, starts_at=starts, online_url="https://meet.example.jp/setsumeikai"
    )
    online = _register(workshop, PersonFactory(), "online")
    waiting = _register(workshop, PersonFactory(), "online")
    venue = _register(workshop, PersonFactory(), "in_person")
    early, near = starts - datetime.timedelta(minutes=31), starts - datetime.timedelta(minutes=30)
    assert services.meeting_link(workshop, online, now=early) == ""
    assert services.meeting_link(workshop, online, now=near) == "https://meet.example.jp/setsumeikai"
    assert services.meeting_link(workshop, waiting, now=near) == ""
    assert services.meeting_link(workshop, venue, now=near) == ""
    assert services.meeting_link(workshop, None, now=near) == ""
    other = WorkshopFactory(process=workshop.process)
    assert services.meeting_link(other, online, now=near) == ""  # a registration for another event


@pytest.mark.django_db
def test_the_event_page_shows_the_link_only_when_it_is_time(client, city):
    """The page offers our own join address (/events/<id>/join/, which records the join) from 30
    minutes before; the meeting URL itself is never on a page (changed in issue 23: it was shown)."""
    workshop = WorkshopFactory(starts_at=timezone.now() + datetime.timedelta(hours=2))
    person = PersonFactory()
    _register(workshop, person, "online")
    login_resident(client, person)
    join = f"/events/{workshop.pk}/join/"
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert workshop.online_url not in page and join not in page and "開始の30分前" in page
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() + datetime.timedelta(minutes=10))
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert join in page and workshop.online_url not in page
    assert join not in Client().get(workshop.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_calendar_feed_lists_the_demo_events_and_never_a_link(client, city):
    from madoguchi.core.demo import load_city, load_residents, load_staff

    for loader in (load_city, load_staff, load_residents):
        loader(lambda *a: None)
    participation_demo.load(lambda *a: None)
    hidden = WorkshopFactory(process=ProcessFactory(is_published=False), title="非公開の打合せ")
    response = client.get("/events/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    demo_titles = set(Workshop.objects.exclude(pk=hidden.pk).values_list("title", flat=True))
    assert demo_titles and {str(e["SUMMARY"]) for e in events} == demo_titles
    for event in events:
        workshop = Workshop.objects.get(pk=int(str(event["UID"]).split("-")[1].split("@")[0]))
        assert event.decoded("DTSTART") == workshop.starts_at.replace(microsecond=0)
        assert event.decoded("DTEND") == workshop.ends_at.replace(microsecond=0)
        assert str(event["URL"]).endswith(workshop.get_absolute_url())
        if workshop.online_url:
            assert workshop.online_url not in response.content.decode()
