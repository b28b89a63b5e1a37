"""My Number: encrypted at rest, masked, revealed only with the role, every reveal audited."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied
from django.db import connection

from madoguchi.core import mynumber
from madoguchi.core.japanese.errors import JapaneseInputError
from madoguchi.core.models import AuditEntry, Person, StaffRole

from .factories import DepartmentFactory, PersonFactory, staff_member

pytestmark = pytest.mark.django_db
VALID = "123456789018"


@pytest.fixture
def resident():
    person = PersonFactory()
    mynumber.set_my_number(person, VALID, by=None)
    return person


@pytest.fixture
def shimin():
    return DepartmentFactory(code="shimin", name="市民課")


def _raw_column(person):
    with connection.cursor() as cursor:
        cursor.execute("SELECT my_number_encrypted FROM core_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def test_stored_encrypted_and_shown_masked(resident):
    raw = _raw_column(resident)
    assert VALID not in raw and raw.startswith("gAAAA")
    assert mynumber.masked_my_number(Person.objects.get(pk=resident.pk)) == "********9018"


def test_wrong_check_digit_is_refused_and_nothing_stored():
    person = PersonFactory()
    with pytest.raises(JapaneseInputError):
        mynumber.set_my_number(person, "123456789010", by=None)
    person.refresh_from_db()
    assert not person.has_my_number


def test_reveal_needs_the_my_number_role(resident, shimin):
    reviewer = staff_member(shimin, StaffRole.Role.REVIEW, username="reviewer")
    with pytest.raises(PermissionDenied):
        mynumber.reveal_my_number(resident, by=reviewer, purpose="児童手当の審査")
    assert AuditEntry.objects.filter(action="my_number_reveal_denied", actor_label="reviewer").exists()


def test_reveal_is_audited_without_the_number(resident, shimin):
    officer = staff_member(shimin, StaffRole.Role.MY_NUMBER, username="officer")
    assert (
        mynumber.reveal_my_number(Person.objects.get(pk=resident.pk), by=officer, purpose="児童手当の審査")
        == VALID
    )
    entry = AuditEntry.objects.get(action="my_number_revealed")
    assert entry.actor_label == "officer" and entry.data == {"purpose": "児童手当の審査"}
    assert not AuditEntry.objects.filter(data__icontains=VALID).exists()


def test_find_by_number_uses_the_digest(resident):
    assert mynumber.find_by_my_number("1234 5678 9018") == resident


def test_key_rotation_keeps_values_readable(resident, settings):
    from madoguchi.core import crypto

    old_key = crypto.field_keys()[0]
    new_key = Fernet.generate_key().decode()
    settings.MADOGUCHI_FIELD_KEYS = [new_key, old_key]
    assert mynumber.rotate_keys() == 1
    settings.MADOGUCHI_FIELD_KEYS = [new_key]  # the old key is gone: the value must still decrypt
    assert Person.objects.get(pk=resident.pk).my_number_encrypted == VALID
