"""Waits and signage: the predicted wait per category, a ticket's place, the calls on the board."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from madoguchi.core.japanese import to_jst_date

from ..models import ServiceCategory, Ticket

RECENT_SERVICES = 20  # completed tickets used to predict the wait


def average_service_seconds(category: ServiceCategory) -> float:
    """Mean service time of the category's last completed tickets (its standard time if none)."""
    recent = (
        Ticket.objects.filter(
            category=category, status=Ticket.Status.DONE, called_at__isnull=False, completed_at__isnull=False
        )
        .order_by("-completed_at")
        .values_list("called_at", "completed_at")[:RECENT_SERVICES]
    )
    durations = [(done - called).total_seconds() for called, done in recent if called and done]
    if not durations:
        return category.default_service_minutes * 60.0
    return sum(durations) / len(durations)


@dataclass
class CategoryWait:
    category: ServiceCategory
    waiting: int
    windows: int
    predicted_minutes: int
    last_called: str

    def as_dict(self) -> dict:
        return {
            "code": self.category.code,
            "name": self.category.localized_name(),
            "waiting": self.waiting,
            "open_windows": self.windows,
            "predicted_wait_minutes": self.predicted_minutes,
            "last_called": self.last_called,
        }


def predicted_wait_minutes(category: ServiceCategory, *, ahead: int | None = None) -> int:
    """Predicted wait: people ahead × recent mean service time ÷ open windows, rounded up."""
    today = to_jst_date(timezone.now())
    if ahead is None:
        ahead = Ticket.objects.filter(category=category, day=today, status=Ticket.Status.WAITING).count()
    windows = max(1, category.windows.filter(is_open=True).count())
    return math.ceil(ahead * average_service_seconds(category) / windows / 60)


def current_waits() -> list[CategoryWait]:
    today = to_jst_date(timezone.now())
    waiting = dict(
        Ticket.objects.filter(day=today, status=Ticket.Status.WAITING)
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    result = []
    for category in ServiceCategory.objects.filter(is_active=True).annotate(
        open_windows=Count("windows", filter=Q(windows__is_open=True))
    ):
        last = (
            Ticket.objects.filter(category=category, day=today, first_called_at__isnull=False)
            .select_related("category")
            .order_by("-called_at", "-first_called_at")
            .first()
        )
        ahead = waiting.get(category.pk, 0)
        result.append(
            CategoryWait(
                category=category,
                waiting=ahead,
                windows=category.open_windows,
                predicted_minutes=predicted_wait_minutes(category, ahead=ahead),
                last_called=last.display_number if last else "",
            )
        )
    return result


def ticket_position(ticket: Ticket) -> int:
    """How many tickets are called before this one (0 when it is being called)."""
    if ticket.status != Ticket.Status.WAITING:
        return 0
    return Ticket.objects.filter(
        category=ticket.category, day=ticket.day, status=Ticket.Status.WAITING, issued_at__lt=ticket.issued_at
    ).count()


def called_tickets(limit: int = 8):
    """For the signage: today's tickets being called or served, newest call first."""
    return (
        Ticket.objects.filter(
            day=to_jst_date(timezone.now()), status__in=[Ticket.Status.CALLED, Ticket.Status.SERVING]
        )
        .select_related("category", "window")
        .order_by("-called_at")[:limit]
    )
