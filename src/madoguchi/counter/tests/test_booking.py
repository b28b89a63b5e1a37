"""Visit booking: slots with capacity, reminders, cancellation."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.counter import services
from madoguchi.counter.models import Reservation, VisitSlot
from madoguchi.identity.testing import login_resident, resident_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(queue):
    start = timezone.now() + datetime.timedelta(hours=20)
    return VisitSlot.objects.create(
        window=queue["window3"], starts_at=start, ends_at=start + datetime.timedelta(minutes=45), capacity=1
    )


def test_booking_fills_the_slot_and_reminds_once(catalogue, slot, django_capture_on_commit_callbacks):
    resident = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reservation = services.reserve_visit(
            slot, person=resident, life_event="tennyu", answers={"children": True}, by=None
        )
    assert reservation.status == Reservation.Status.BOOKED
    assert "来庁予約を受け付けました" in mail.outbox[-1].subject
    assert "子ども医療費助成" in mail.outbox[-1].body
    assert list(services.slots_for("life")) == []  # full
    with pytest.raises(ValidationError):
        services.reserve_visit(slot, person=PersonFactory(), life_event="tennyu", answers={}, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    assert "明日は窓口の来庁予約の日です" in mail.outbox[-1].subject


def test_cancellation_frees_the_seat(catalogue, slot):
    resident = PersonFactory()
    reservation = services.reserve_visit(slot, person=resident, life_event="tennyu", answers={}, by=None)
    with pytest.raises(PermissionDenied):
        services.cancel_reservation(reservation, by=resident_user(PersonFactory()))
    services.cancel_reservation(reservation, by=resident_user(resident))
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED
    assert list(services.slots_for("life")) == [slot]


def test_resident_books_and_cancels_through_the_pages(client, catalogue, slot):
    resident = PersonFactory()
    login_resident(client, resident)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    url = f"/counter/reserve/?event=tennyu&children=on&day={day}"
    page = client.get(url).content.decode()
    assert "来庁する時間" in page and "お名前" not in page  # the card says who books
    value = timezone.localtime(slot.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"time": value})
    reservation = Reservation.objects.get()
    assert response.url == f"/counter/reservations/{reservation.reference}/"
    assert reservation.answers["children"] is True and reservation.person == resident
    assert "転入届" in client.get(response.url).content.decode()
    assert reservation.reference in client.get("/counter/reservations/").content.decode()
    client.post(f"/counter/reservations/{reservation.reference}/cancel/")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED


def test_check_in_issues_a_ticket_for_the_booked_window(catalogue, slot):
    reservation = services.reserve_visit(
        slot, person=PersonFactory(), life_event="tennyu", answers={}, by=None
    )
    ticket = services.check_in(reservation)
    assert ticket.window == slot.window and ticket.reservation == reservation
    assert services.check_in(reservation) == ticket


def test_booked_resident_checks_in_at_the_kiosk(client, catalogue, queue):
    start = timezone.now() + datetime.timedelta(minutes=30)
    if timezone.localtime(start).date() != timezone.localdate():
        pytest.skip("too close to midnight JST")
    today = VisitSlot.objects.create(
        window=queue["window3"], starts_at=start, ends_at=start + datetime.timedelta(minutes=45)
    )
    reservation = services.reserve_visit(
        today, person=PersonFactory(), life_event="tennyu", answers={}, by=None
    )
    response = client.post("/counter/kiosk/", {"reference": reservation.reference.lower()})
    ticket = reservation.tickets.get()
    assert response.url == f"/counter/t/{ticket.token}/" and ticket.window == queue["window3"]
    assert client.post("/counter/kiosk/", {"reference": "NOSUCH"}).url == "/counter/kiosk/"
