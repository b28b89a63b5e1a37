"""record_event: the one way a service writes what happened (Event + audit chain, one transaction)."""

from __future__ import annotations

from django.db import models, transaction

from . import audit
from .models import Channel, Event
from .prepared import PreparedInsert

_INSERT = PreparedInsert(Event)  # an Event on every state change: its INSERT compiled once


def subject_key(subject: models.Model) -> tuple[str, str]:
    return subject._meta.label_lower, str(subject.pk)


def record_event(
    subject: models.Model, *, verb: str, actor=None, channel: str = Channel.SYSTEM, data=None, along=()
) -> Event:
    """Append an Event about `subject` and chain it into the audit log.

    `data` must hold no 特定個人情報: it is kept forever and shown to auditors. `along`: new rows
    the caller writes with it (the notice of a submit), on PostgreSQL in the same statement; as
    for any PreparedInsert, rows of models whose own save() adds nothing to a new row.
    """
    subject_type, subject_id = subject_key(subject)
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = Event(
        actor=actor,
        subject_type=subject_type,
        subject_id=subject_id,
        verb=verb,
        channel=channel,
        data=data or {},
    )
    with transaction.atomic(savepoint=False):  # one unit with the caller's change
        audit.append(
            action=verb,
            actor=actor,
            object_type=subject_type,
            object_id=subject_id,
            data={"channel": channel, **(data or {})},
            # the Event, the audit entry and its head: one statement
            along=[(_INSERT, event), *((PreparedInsert.of(type(row)), row) for row in along)],
        )
    return event


def events_for(subject: models.Model):
    subject_type, subject_id = subject_key(subject)
    return Event.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("time", "pk")
