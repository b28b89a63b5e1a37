"""The counter's domain operations and its public entry point: queue tickets, waits and signage,
visit reservations, and the no-writing counter (書かない窓口).

Each function is one thing the city does at its counters; permission check, state change,
Event (core.events.record_event, verbs in `counter.events.Verb`) and notification happen here
and nowhere else. The sub-modules follow the counter's sub-domains; this package re-exports
them, so callers import `madoguchi.counter.services` only.
"""

from ..events import Verb
from . import retention
from .calendar import BookingDay, BookingTime, DayStatus, booking_calendar, free_slot_at, times_on
from .onestop import (
    DECLARATIONS,
    SIGNATURE_PREFIX,
    confirm_session,
    declarations_of,
    find_residents,
    form_errors,
    prepare_form_data,
    published_procedure,
    save_counter_form,
    send_to_tablet,
    start_counter_session,
)
from .queue import (
    call_next,
    call_ticket,
    complete_ticket,
    issue_ticket,
    mark_no_show,
    start_service,
    transfer_ticket,
    waiting_for,
)
from .reservations import (
    Contact,
    cancel_reservation,
    change_reservation,
    check_in,
    find_reservation,
    manage_key,
    manage_url,
    may_manage,
    reservations_of,
    reserve_visit,
    send_reminders,
    slots_for,
)
from .staff import (
    counter_departments,
    ensure_counter_staff,
    ensure_onestop_staff,
    ensure_works_for,
    is_counter_staff,
    is_onestop_staff,
    may_see_session,
    may_work_for,
    windows_for,
)
from .statistics import channel_share, wait_statistics
from .waits import (
    RECENT_SERVICES,
    CategoryWait,
    OpeningStatus,
    average_service_seconds,
    called_tickets,
    current_waits,
    opening_status,
    predicted_wait_minutes,
    ticket_position,
)

__all__ = [
    "retention",
    "Verb",
    # who works at the counter
    "counter_departments",
    "ensure_counter_staff",
    "ensure_onestop_staff",
    "ensure_works_for",
    "is_counter_staff",
    "is_onestop_staff",
    "may_see_session",
    "may_work_for",
    "windows_for",
    # queue tickets
    "call_next",
    "call_ticket",
    "complete_ticket",
    "issue_ticket",
    "mark_no_show",
    "start_service",
    "transfer_ticket",
    "waiting_for",
    # waits and signage
    "RECENT_SERVICES",
    "CategoryWait",
    "average_service_seconds",
    "called_tickets",
    "current_waits",
    "predicted_wait_minutes",
    "ticket_position",
    "OpeningStatus",
    "opening_status",
    # visit reservations and the booking calendar
    "BookingDay",
    "BookingTime",
    "Contact",
    "DayStatus",
    "booking_calendar",
    "cancel_reservation",
    "change_reservation",
    "check_in",
    "find_reservation",
    "free_slot_at",
    "manage_key",
    "manage_url",
    "may_manage",
    "reservations_of",
    "reserve_visit",
    "send_reminders",
    "slots_for",
    "times_on",
    # the no-writing counter
    "DECLARATIONS",
    "SIGNATURE_PREFIX",
    "confirm_session",
    "declarations_of",
    "find_residents",
    "form_errors",
    "prepare_form_data",
    "published_procedure",
    "save_counter_form",
    "send_to_tablet",
    "start_counter_session",
    # figures for staff
    "channel_share",
    "wait_statistics",
]
