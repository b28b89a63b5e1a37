"""個人番号 (My Number): the only code that reads or writes a Person's My Number.

Stored encrypted (`EncryptedTextField`), shown masked, revealed only to staff holding the
マイナンバー利用事務 role, and every reveal is an audit entry. Never log the value.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import access, audit, crypto
from .japanese.mynumber import mask_my_number, validate_my_number
from .models import Person


def set_my_number(person: Person, value: str, *, by) -> None:
    """Record a resident's My Number (validated by its check digit). Audited without the value."""
    number = validate_my_number(value)
    with transaction.atomic():
        person.my_number_encrypted = number
        person.my_number_digest = crypto.lookup_digest(number)
        person.save(update_fields=["my_number_encrypted", "my_number_digest", "updated_at"])
        audit.append(
            action="my_number_recorded", actor=by, object_type="core.person", object_id=str(person.pk)
        )


def masked_my_number(person: Person) -> str:
    return mask_my_number(person.my_number_encrypted) if person.my_number_encrypted else ""


def can_reveal(user) -> bool:
    """A Person belongs to the city: マイナンバー利用事務 in any department may reveal it."""
    return access.can_anywhere(user, access.MY_NUMBER_REVEAL)


def reveal_my_number(person: Person, *, by, purpose: str) -> str:
    """Show the full number to a staff member with the role, and write why into the audit chain."""
    if not can_reveal(by):
        audit.append(
            action="my_number_reveal_denied", actor=by, object_type="core.person", object_id=str(person.pk)
        )
        raise PermissionDenied(access.MY_NUMBER_REVEAL.refusal)
    audit.append(
        action="my_number_revealed",
        actor=by,
        object_type="core.person",
        object_id=str(person.pk),
        data={"purpose": purpose},
    )
    return person.my_number_encrypted


def find_by_my_number(value: str) -> Person | None:
    digests = crypto.lookup_digests(validate_my_number(value))
    return Person.objects.filter(my_number_digest__in=digests).first()


def rotate_keys() -> int:
    """Re-encrypt every stored My Number with the newest key; returns how many rows changed."""
    count = 0
    for person in Person.objects.exclude(my_number_encrypted="").iterator():
        # Saving re-encrypts the decrypted value with the first (newest) key.
        person.save(update_fields=["my_number_encrypted"])
        count += 1
    return count
