"""Booking a visit without the card: the calendar (weekdays, each time once, days in words),
name plus phone or e-mail, the confirmation (.ics, QR code, absolute link), my reservations,
change and cancel; the waits page says as of when and whether the counters are open."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from madoguchi.core.events import events_for
from madoguchi.core.japanese import JST, is_business_day
from madoguchi.counter import services
from madoguchi.counter.models import Reservation, VisitSlot, Window

pytestmark = pytest.mark.django_db


def _next_business_day(after_days: int = 1) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=after_days)
    while not is_business_day(day):
        day += datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=JST)


@pytest.fixture
def day():
    return _next_business_day()


@pytest.fixture
def two_windows(queue, departments):
    """A second window takes the same category, with slots at the same times."""
    window = Window.objects.create(number="4", name="住民異動窓口（2）", department=departments["shimin"])
    window.categories.add(queue["life"])
    return [queue["window3"], window]


@pytest.fixture
def slots(two_windows, day):
    made = []
    for window in two_windows:
        for hour in (9, 10):
            made.append(
                VisitSlot.objects.create(
                    window=window, starts_at=_at(day, hour), ends_at=_at(day, hour, 45), capacity=1
                )
            )
    return made


def _book(client, day, hour, **contact):
    url = f"/counter/reserve/?event=tennyu&day={day.isoformat()}"
    return client.post(url, {"time": f"{day.isoformat()}T{hour:02d}:00", **contact})


def test_a_time_at_two_windows_is_one_choice_with_both_seats(catalogue, slots, day):
    times = services.times_on("life", day)
    assert [t.starts_at for t in times] == [_at(day, 9), _at(day, 10)]
    assert [t.seats for t in times] == [2, 2]
    first = services.free_slot_at("life", _at(day, 9))
    services.reserve_visit(
        first,
        person=None,
        life_event="tennyu",
        answers={},
        by=None,
        contact=services.Contact(name="山田 太郎", phone="09012345678"),
    )
    second = services.free_slot_at("life", _at(day, 9))
    assert second is not None and second.window != first.window
    services.reserve_visit(
        second,
        person=None,
        life_event="tennyu",
        answers={},
        by=None,
        contact=services.Contact(name="山田 花子", email="h@example.jp"),
    )
    assert services.free_slot_at("life", _at(day, 9)) is None
    assert [t.seats for t in services.times_on("life", day)] == [0, 2]


def test_the_calendar_marks_days_in_words(catalogue, slots, day):
    calendar = services.booking_calendar("life")
    assert len(calendar) == services.calendar.WEEKS_AHEAD and all(len(week) == 7 for week in calendar)
    days = {d.day: d for week in calendar for d in week}
    assert days[day].status == "available"
    saturday = next(d for d in days if d.weekday() == 5 and d >= timezone.localdate())
    assert days[saturday].status == "closed"


def test_calendar_page_shows_weekdays_and_each_time_once(client, catalogue, slots, day):
    page = client.get(f"/counter/reserve/?event=tennyu&day={day.isoformat()}").content.decode()
    for head in ('<th scope="col">月</th>', '<th scope="col">金</th>', ">日</th>"):
        assert head in page
    assert "空きあり" in page and "休み" in page
    assert page.count('value="' + day.isoformat() + 'T09:00"') == 1
    assert "お名前" in page and "電話番号" in page  # no card: who is coming


@pytest.mark.parametrize(
    ("contact", "field", "message"),
    [
        ({"name": "", "phone": "09012345678"}, "name", "お名前を入力してください。"),
        ({"name": "山田 太郎"}, "phone", "電話番号かメールアドレスのどちらかを入力してください。"),
        ({"name": "山田 太郎", "email": "not-an-address"}, "email", "メールアドレスの形が正しくありません"),
    ],
)
def test_booking_without_card_needs_a_name_and_a_way_to_reach(
    client, catalogue, slots, day, contact, field, message
):
    response = _book(client, day, 9, **contact)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(message) == 2  # once in the summary, once at the field
    assert f'href="#id_{field}"' in page
    assert not Reservation.objects.exists()


def test_booking_without_card_confirms_with_ics_qr_and_a_link(
    client, catalogue, slots, day, settings, django_capture_on_commit_callbacks
):
    settings.MADOGUCHI_PUBLIC_URL = "https://madoguchi.example.jp"
    with django_capture_on_commit_callbacks(execute=True):
        response = _book(client, day, 10, name="山田 太郎", phone="090-1234-5678", email="Taro@Example.jp")
    reservation = Reservation.objects.get()
    assert reservation.person is None and reservation.contact_email == "taro@example.jp"
    key = services.manage_key(reservation)
    assert response.url == f"/counter/reservations/{reservation.reference}/?key={key}"
    page = client.get(response.url).content.decode()
    link = f"https://madoguchi.example.jp/counter/reservations/{reservation.reference}/?key={key}"
    assert "来庁予約が確定しています" in page and link in page
    weekday = "月火水木金土日"[day.weekday()]
    assert f"{day.day}日（{weekday}）" in page
    assert link in mail.outbox[-1].body and mail.outbox[-1].to == ["taro@example.jp"]

    ics = client.get(f"/counter/reservations/{reservation.reference}/visit.ics?key={key}")
    assert ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics["Content-Disposition"]
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == _at(day, 10)
    assert reservation.reference in str(event.get("description"))

    qr = client.get(f"/counter/reservations/{reservation.reference}/qr.svg?key={key}")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content

    # Without the key (another visitor guessing the reference) there is nothing to see.
    assert client.get(f"/counter/reservations/{reservation.reference}/").status_code == 404
    assert client.get(f"/counter/reservations/{reservation.reference}/?key=wrong").status_code == 404
    assert client.get(f"/counter/reservations/{reservation.reference}/visit.ics").status_code == 404


def test_my_reservations_opens_with_reference_and_phone(client, catalogue, slots, day):
    _book(client, day, 9, name="山田 太郎", phone="09012345678")
    reservation = Reservation.objects.get()
    wrong = client.post(
        "/counter/reservations/", {"reference": reservation.reference, "contact": "0311112222"}
    )
    assert wrong.status_code == 200 and "予約が見つかりません" in wrong.content.decode()
    found = client.post(
        "/counter/reservations/",
        {"reference": reservation.reference.lower(), "contact": "０９０－１２３４－５６７８"},
    )
    assert (
        found.url == f"/counter/reservations/{reservation.reference}/?key={services.manage_key(reservation)}"
    )


def test_change_then_cancel_with_the_key(client, catalogue, slots, day):
    _book(client, day, 9, name="山田 太郎", phone="09012345678")
    reservation = Reservation.objects.get()
    key = services.manage_key(reservation)
    change = f"/counter/reservations/{reservation.reference}/change/?key={key}&day={day.isoformat()}"
    assert "この日時に変更する" in client.get(change).content.decode()
    response = client.post(change, {"time": f"{day.isoformat()}T10:00", "key": key})
    reservation.refresh_from_db()
    assert reservation.slot.starts_at == _at(day, 10) and reservation.reference in response.url
    assert [e.verb for e in reservation_events(reservation)] == [
        "reservation_booked",
        "reservation_changed",
    ]
    assert client.post(f"/counter/reservations/{reservation.reference}/cancel/").status_code == 404
    client.post(f"/counter/reservations/{reservation.reference}/cancel/", {"key": key})
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED
    assert [t.seats for t in services.times_on("life", day)] == [2, 2]


def reservation_events(reservation):
    return events_for(reservation).order_by("pk")


def test_services_refuse_without_the_key(catalogue, slots, day):
    reservation = services.reserve_visit(
        slots[0],
        person=None,
        life_event="tennyu",
        answers={},
        by=None,
        contact=services.Contact(name="山田 太郎", phone="09012345678"),
    )
    with pytest.raises(PermissionDenied):
        services.cancel_reservation(reservation, by=None, key="")
    with pytest.raises(PermissionDenied):
        services.change_reservation(reservation, slot=slots[1], by=None, key="nope")
    with pytest.raises(ValidationError):
        services.reserve_visit(
            slots[1],
            person=None,
            life_event="tennyu",
            answers={},
            by=None,
            contact=services.Contact(name="山田 太郎", phone="123"),
        )


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [(8, 0, "受付開始前です"), (10, 0, "受付中"), (17, 30, "本日の受付は終了しました")],
)
def test_waits_say_as_of_when_and_whether_open(client, queue, monkeypatch, hour, minute, text):
    now = _at(_next_business_day(0), hour, minute)
    monkeypatch.setattr(services.waits.timezone, "now", lambda: now)
    status = services.opening_status(now)
    assert status.state in ("before", "open", "after")
    monkeypatch.setattr("madoguchi.counter.views.services.opening_status", lambda: status)
    page = client.get("/counter/").content.decode()
    assert text in page and f"{hour:02d}:{minute:02d}現在" in page


def test_closed_day_says_so():
    saturday = timezone.localdate() + datetime.timedelta(days=(5 - timezone.localdate().weekday()) % 7)
    assert services.opening_status(_at(saturday, 10)).state == "closed_day"


def test_the_booking_pages_in_english(client, catalogue, slots, day):
    en = {"accept-language": "en"}
    page = client.get(f"/counter/reserve/?event=tennyu&day={day.isoformat()}", headers=en).content.decode()
    assert '<th scope="col">Mon</th>' in page and "Free" in page and "Closed" in page
    assert "Who is coming" in page and "(2 free)" in page
    response = client.post(
        f"/counter/reserve/?event=tennyu&day={day.isoformat()}",
        {"time": f"{day.isoformat()}T09:00"},
        headers=en,
    )
    assert "Enter your name." in response.content.decode()
    waits = client.get("/counter/", headers=en).content.decode()
    assert re.search(r"as of \d\d:\d\d", waits)
