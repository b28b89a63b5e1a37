"""開示請求 (disclosure): what the counter holds about one resident, for privacy's export: visit
reservations, queue tickets and no-writing-counter sessions (the drawn signature is not
repeated: the export says whether there is one)."""

from __future__ import annotations

from ..models import CounterSession, Reservation, Ticket


def records_of(person) -> dict[str, list[dict]]:
    return {
        "reservations": [
            {
                "reference": r.reference,
                "starts_at": r.slot.starts_at,
                "life_event": r.life_event,
                "answers": r.answers,
                "status": r.status,
                "created_at": r.created_at,
            }
            for r in Reservation.objects.filter(person=person).select_related("slot").order_by("pk")
        ],
        "queue_tickets": [
            {
                "day": t.day,
                "number": t.number,
                "category": t.category.name,
                "status": t.status,
                "issued_at": t.issued_at,
            }
            for t in Ticket.objects.filter(person=person).select_related("category").order_by("pk")
        ],
        "counter_sessions": [
            {
                "life_event": s.life_event,
                "answers": s.answers,
                "status": s.status,
                "signature_method": s.signature_method,
                "signed": bool(s.signature_image),
                "created_at": s.created_at,
                "confirmed_at": s.confirmed_at,
            }
            for s in CounterSession.objects.filter(person=person).order_by("pk")
        ],
    }
