"""On PostgreSQL: writers appending at the same time get consecutive numbers and one unbroken
chain (the head is locked inside the one statement that writes the entry)."""

import threading

import pytest
from django.db import connection

from madoguchi.core import audit
from madoguchi.core.events import record_event
from madoguchi.core.models import AuditEntry, Event

from .factories import PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_events_chain_in_order():
    person = PersonFactory()
    record_event(person, verb="profile_viewed")  # the head exists
    writers, each = 6, 15
    barrier = threading.Barrier(writers)
    errors = []

    def write(n):
        try:
            barrier.wait(timeout=10)
            for i in range(each):
                record_event(person, verb="address_confirmed", data={"writer": n, "i": i})
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    total = 1 + writers * each
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, total + 1))
    assert Event.objects.count() == total
    result = audit.verify()
    assert result.ok and result.checked == total, result
