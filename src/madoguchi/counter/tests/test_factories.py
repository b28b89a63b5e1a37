"""The factories other apps' tests build counter records with make what the counter services use."""

import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.counter import services
from madoguchi.counter.models import Reservation, Ticket
from madoguchi.counter.tests.factories import (
    ReservationFactory,
    ServiceCategoryFactory,
    TicketFactory,
    WindowFactory,
)

pytestmark = pytest.mark.django_db


def test_a_factory_ticket_is_called_to_a_factory_window_of_its_department():
    category = ServiceCategoryFactory()
    window = WindowFactory(department=category.department, categories=[category])
    first, second = TicketFactory(category=category), TicketFactory(category=category)
    assert (first.number, second.number) == (1, 2)
    staff = staff_member(category.department, StaffRole.Role.RECEPTION)
    called = services.call_next(window, by=staff)
    assert called == first and called.status == Ticket.Status.CALLED


def test_a_factory_reservation_is_booked_and_checks_in_for_a_ticket():
    category = ServiceCategoryFactory()
    reservation = ReservationFactory(slot__window__categories=[category])
    assert reservation.status == Reservation.Status.BOOKED
    ticket = services.check_in(reservation)
    assert ticket.category == category and ticket.reservation == reservation
