"""The counter's part of the resident's マイページ (core.navigation.my_page_sources): visits booked."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.navigation import MyPageItem

from .models import Reservation


def items(person) -> list[MyPageItem]:
    upcoming = Reservation.objects.filter(
        person=person, status=Reservation.Status.BOOKED, slot__starts_at__gte=timezone.now()
    ).count()
    if not upcoming:
        return []
    return [MyPageItem(_("これからの来庁の予約"), upcoming, reverse("counter:my_reservations"))]
