"""Residents' records (住民記録) as staff touch them: every read is audited, every change is an
Event. The back office and any other staff surface call these; nothing saves a Person directly."""

from __future__ import annotations

from django.db import transaction

from . import access, audit
from .events import record_event
from .models import Person


def record_staff_read(*, by, object_type: str, object_id: str = "", surface: str, query: str = "") -> None:
    """個人情報の閲覧記録: one audit entry per staff read of residents' personal data.

    `object_id` is empty for a list; `query` keeps what was searched (names typed into a search
    box are how a curious insider finds a neighbour)."""
    data = {"surface": surface}
    if query:
        data["query"] = query[:200]
    audit.append(
        action="personal_data_viewed", actor=by, object_type=object_type, object_id=object_id, data=data
    )


@transaction.atomic
def change_person(person: Person, *, by, fields: list[str], surface: str) -> Person:
    """住民記録の訂正: save the named fields of `person` as staff changed them, with an Event.

    The Event names the fields, never their values (it is kept forever)."""
    access.require_anywhere(by, access.PERSON_CHANGE)  # a Person belongs to the city, not a department
    changed = [name for name in fields if name in {f.name for f in Person._meta.concrete_fields}]
    if not changed:  # nothing to correct: no write, no Event
        return person
    person.save(update_fields=[*changed, "updated_at"])
    record_event(
        person, verb="person_changed", actor=by, data={"fields": sorted(changed), "surface": surface}
    )
    return person
