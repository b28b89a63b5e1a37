"""factory-boy factories for the counter: service categories, windows, queue tickets, visit slots
and reservations. Issue and call tickets through the counter services when the flow matters."""

import datetime

import factory
from django.utils import timezone

from madoguchi.core.japanese import to_jst_date
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
from madoguchi.counter.models import Reservation, ServiceCategory, Ticket, VisitSlot, Window

__all__ = [
    "ReservationFactory",
    "ServiceCategoryFactory",
    "TicketFactory",
    "VisitSlotFactory",
    "WindowFactory",
]

# Ticket prefixes are unique: one letter (or two) per category.
PREFIXES = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + [
    f"{a}{b}" for a in "ABCDEFGHJKLMNPQRSTUVWXYZ" for b in "ABCDEFGHJKLMNPQRSTUVWXYZ"
]


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    """A queue (受付区分) of a department, taking tickets."""

    class Meta:
        model = ServiceCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"受付区分{n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    prefix = factory.Sequence(lambda n: PREFIXES[n % len(PREFIXES)])
    department = factory.SubFactory(DepartmentFactory)


class WindowFactory(factory.django.DjangoModelFactory):
    """An open window of a department; `categories=[…]` sets what it serves."""

    class Meta:
        model = Window
        django_get_or_create = ("number",)
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"窓口{n + 1}")
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def categories(window, create, extracted, **kwargs):
        if create and extracted:
            window.categories.add(*extracted)


class TicketFactory(factory.django.DjangoModelFactory):
    """A waiting ticket issued now (numbers count up per category)."""

    class Meta:
        model = Ticket

    category = factory.SubFactory(ServiceCategoryFactory)
    issued_at = factory.LazyFunction(timezone.now)
    day = factory.LazyAttribute(lambda t: to_jst_date(t.issued_at))
    number = factory.LazyAttribute(
        lambda t: Ticket.objects.filter(category=t.category, day=t.day).count() + 1
    )


class VisitSlotFactory(factory.django.DjangoModelFactory):
    """A 30-minute visit slot at a window, tomorrow at 10:00 (server time), one seat."""

    class Meta:
        model = VisitSlot

    window = factory.SubFactory(WindowFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=1)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(minutes=30))


class ReservationFactory(factory.django.DjangoModelFactory):
    """A booked visit (来庁予約) for a life event."""

    class Meta:
        model = Reservation

    reference = factory.Sequence(lambda n: f"T{n:07d}")
    slot = factory.SubFactory(VisitSlotFactory)
    person = factory.SubFactory(PersonFactory)
    life_event = "tennyu"
