"""Queue tickets (整理券): issue, call, serve, transfer, complete, no-show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.japanese import to_jst_date
from madoguchi.core.models import Channel, Person, User

from ..events import Verb
from ..models import Reservation, ServiceCategory, Ticket, Window
from .staff import actor_or_none, ensure_works_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


@transaction.atomic
def issue_ticket(
    category: ServiceCategory,
    *,
    person: Person | None = None,
    reservation: Reservation | None = None,
    by: User | AnonymousUser | None = None,  # None or anonymous: the kiosk
    now=None,
) -> Ticket:
    """発券: the next number of the day in this category."""
    if not category.is_active:
        raise ValidationError(_("この窓口は現在受付をしていません。"))
    now = now or timezone.now()
    ServiceCategory.objects.select_for_update().filter(pk=category.pk).first()  # numbers in order
    day = to_jst_date(now)
    last = Ticket.objects.filter(category=category, day=day).aggregate(last=Max("number"))["last"] or 0
    ticket = Ticket.objects.create(
        category=category, day=day, number=last + 1, issued_at=now, person=person, reservation=reservation
    )
    record_event(
        ticket,
        verb=Verb.TICKET_ISSUED,
        actor=actor_or_none(by),
        channel=Channel.COUNTER,
        data={"category": category.code, "number": ticket.display_number},
    )
    return ticket


def waiting_for(window: Window):
    """The tickets this window may call: its categories' queue, or tickets sent to it directly."""
    return (
        Ticket.objects.filter(status=Ticket.Status.WAITING, day=to_jst_date(timezone.now()))
        .filter(Q(window=window) | Q(window__isnull=True, category__in=window.categories.all()))
        .select_related("category")
        .order_by("issued_at", "pk")
    )


def _ensure_handles(by: User, ticket: Ticket) -> None:
    """A ticket is for the staff of its category's department or of the window it was sent to."""
    ensure_works_for(
        by, ticket.category.department_id, ticket.window.department_id if ticket.window else None
    )


@transaction.atomic
def call_ticket(ticket: Ticket, *, window: Window, by: User, now=None) -> Ticket:
    """呼出: call this ticket to a window (signage shows it at once)."""
    ensure_works_for(by, window.department_id)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _ensure_handles(by, ticket)
    if ticket.status not in (Ticket.Status.WAITING, Ticket.Status.CALLED):
        raise ValidationError(
            _("この整理券は呼び出せません（%(status)s）。") % {"status": ticket.get_status_display()}
        )
    now = now or timezone.now()
    ticket.status = Ticket.Status.CALLED
    ticket.window = window
    ticket.called_at = now
    ticket.first_called_at = ticket.first_called_at or now
    ticket.save(update_fields=["status", "window", "called_at", "first_called_at"])
    record_event(
        ticket,
        verb=Verb.TICKET_CALLED,
        actor=by,
        channel=Channel.COUNTER,
        data={"window": window.number, "number": ticket.display_number},
    )
    return ticket


def call_next(window: Window, *, by: User, now=None) -> Ticket | None:
    """次の方を呼ぶ: the longest-waiting ticket this window serves, or None when nobody waits."""
    ensure_works_for(by, window.department_id)
    for ticket in waiting_for(window)[:5]:
        try:
            return call_ticket(ticket, window=window, by=by, now=now)
        except ValidationError:  # taken by another window a moment ago
            continue
    return None


@transaction.atomic
def start_service(ticket: Ticket, *, by: User, now=None) -> Ticket:
    """対応開始: the visitor has come to the window."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _ensure_handles(by, ticket)
    if ticket.status != Ticket.Status.CALLED:
        raise ValidationError(_("呼び出し中の整理券だけ対応を始められます。"))
    ticket.status = Ticket.Status.SERVING
    ticket.started_at = now or timezone.now()
    ticket.save(update_fields=["status", "started_at"])
    record_event(
        ticket,
        verb=Verb.TICKET_SERVING,
        actor=by,
        channel=Channel.COUNTER,
        data={"window": ticket.window.number if ticket.window else ""},
    )
    return ticket


@transaction.atomic
def transfer_ticket(
    ticket: Ticket,
    *,
    by: User,
    category: ServiceCategory | None = None,
    window: Window | None = None,
    now=None,
) -> Ticket:
    """引継ぎ: send the visitor to another window or department with the same number (no new ticket).

    The ticket keeps its place (issue time), so the visitor is called before later arrivals.
    """
    if category is None and window is None:
        raise ValidationError(_("引継ぎ先の窓口または受付区分を選んでください。"))
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("category", "window").get(pk=ticket.pk)
    )
    _ensure_handles(by, ticket)
    if ticket.status not in (Ticket.Status.CALLED, Ticket.Status.SERVING, Ticket.Status.WAITING):
        raise ValidationError(
            _("この整理券は引き継げません（%(status)s）。") % {"status": ticket.get_status_display()}
        )
    now = now or timezone.now()
    previous = {"category": ticket.category.code, "window": ticket.window.number if ticket.window else ""}
    served = (now - ticket.called_at).total_seconds() if ticket.called_at else None
    if category is None:
        assert window is not None  # both missing was refused above
        category = (
            ticket.category
            if window.categories.filter(pk=ticket.category_id).exists()
            else (window.categories.first() or ticket.category)
        )
    ticket.category = category
    ticket.window = window
    ticket.status = Ticket.Status.WAITING
    ticket.transferred_at = now
    ticket.transfer_count = F("transfer_count") + 1
    ticket.called_at = None
    ticket.started_at = None
    ticket.save(
        update_fields=[
            "category",
            "window",
            "status",
            "transferred_at",
            "transfer_count",
            "called_at",
            "started_at",
        ]
    )
    ticket.refresh_from_db()
    record_event(
        ticket,
        verb=Verb.TICKET_TRANSFERRED,
        actor=by,
        channel=Channel.COUNTER,
        data={
            "from": previous,
            "to": {"category": category.code, "window": window.number if window else ""},
            "served_seconds": served,
        },
    )
    return ticket


@transaction.atomic
def complete_ticket(ticket: Ticket, *, by: User, now=None) -> Ticket:
    """対応完了."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _ensure_handles(by, ticket)
    if ticket.status not in (Ticket.Status.CALLED, Ticket.Status.SERVING):
        raise ValidationError(_("呼び出し中か対応中の整理券だけ完了にできます。"))
    now = now or timezone.now()
    ticket.status = Ticket.Status.DONE
    ticket.completed_at = now
    ticket.started_at = ticket.started_at or ticket.called_at
    ticket.save(update_fields=["status", "completed_at", "started_at"])
    record_event(
        ticket,
        verb=Verb.TICKET_COMPLETED,
        actor=by,
        channel=Channel.COUNTER,
        data={
            "service_seconds": (now - ticket.called_at).total_seconds() if ticket.called_at else None,
            "wait_seconds": ticket.wait_seconds,
        },
    )
    if ticket.reservation_id:
        Reservation.objects.filter(pk=ticket.reservation_id).update(status=Reservation.Status.VISITED)
    return ticket


@transaction.atomic
def mark_no_show(ticket: Ticket, *, by: User, now=None) -> Ticket:
    """不在: called but did not come."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _ensure_handles(by, ticket)
    if ticket.status != Ticket.Status.CALLED:
        raise ValidationError(_("呼び出し中の整理券だけ不在にできます。"))
    ticket.status = Ticket.Status.NO_SHOW
    ticket.completed_at = now or timezone.now()
    ticket.save(update_fields=["status", "completed_at"])
    record_event(ticket, verb=Verb.TICKET_NO_SHOW, actor=by, channel=Channel.COUNTER)
    return ticket
