"""The audit chain: every link verified; any SQL edit or delete is found and named."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from madoguchi.core import audit
from madoguchi.core.events import events_for, record_event
from madoguchi.core.models import AuditEntry, Event

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    person = PersonFactory()
    for verb in ["profile_viewed", "address_confirmed", "notice_sent", "profile_viewed", "case_closed"]:
        record_event(person, verb=verb, data={"note": "テスト"})
    return person


def test_record_event_writes_event_and_audit_entry(chain):
    assert [e.verb for e in events_for(chain)] == [
        "profile_viewed",
        "address_confirmed",
        "notice_sent",
        "profile_viewed",
        "case_closed",
    ]
    assert AuditEntry.objects.count() == 5
    assert audit.verify().ok
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


def test_verify_command_passes_on_intact_chain(chain, capsys):
    call_command("audit", "verify")
    assert "audit chain ok: 5 entries" in capsys.readouterr().out


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_sql_edit_of_an_entry_is_named(chain):
    _sql("UPDATE core_auditentry SET action = %s WHERE seq = %s", ["nothing_happened", 3])
    with pytest.raises(CommandError, match="broken at entry 3: entry 3 was altered"):
        call_command("audit", "verify")


def test_sql_edit_of_data_is_named(chain):
    _sql("UPDATE core_auditentry SET data = %s WHERE seq = %s", ['{"note": "改ざん"}', 2])
    result = audit.verify()
    assert (result.ok, result.broken_seq, result.checked) == (False, 2, 1)


def test_sql_delete_names_the_entry_after_it(chain):
    _sql("DELETE FROM core_auditentry WHERE seq = %s", [3])
    with pytest.raises(CommandError, match="broken at entry 4: entry 3 is missing before entry 4"):
        call_command("audit", "verify")


def test_rewritten_chain_after_delete_is_still_caught(chain):
    """Deleting a row and renumbering the rest still breaks the hash link."""
    _sql("DELETE FROM core_auditentry WHERE seq = %s", [3])
    _sql("UPDATE core_auditentry SET seq = seq - 1 WHERE seq > %s", [3])
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3


def test_truncating_the_tail_is_caught(chain):
    _sql("DELETE FROM core_auditentry WHERE seq = %s", [5])
    result = audit.verify()
    assert not result.ok and result.broken_seq == 5 and "removed" in result.reason


def test_events_and_entries_refuse_changes_through_the_orm(chain):
    from django.core.exceptions import ValidationError

    event = Event.objects.first()
    event.verb = "changed"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        AuditEntry.objects.first().delete()


def test_japanese_data_hashes_the_same_after_reading_back():
    person = PersonFactory()
    record_event(
        person, verb="address_changed", data={"住所": "東京都国分寺市本町", "n": 1.5, "list": [1, "二"]}
    )
    assert audit.verify().ok
