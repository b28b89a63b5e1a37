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


def test_an_event_and_its_audit_entry_are_one_statement_on_postgresql(chain, django_assert_num_queries):
    """PostgreSQL locks the head, hashes the entry, moves the head and writes the entry and the
    Event in one statement; other databases read the head, then write the three one by one."""
    together = connection.vendor == "postgresql"
    with django_assert_num_queries(1 if together else 4) as queries:
        event = record_event(chain, verb="case_reopened", data={"note": "再開", "seq": -7_318_024_509})
    assert "FOR UPDATE" in queries.captured_queries[0]["sql"] or not together
    assert Event.objects.get(pk=event.pk).verb == "case_reopened" and not event._state.adding
    entry = AuditEntry.objects.order_by("seq").last()
    assert (entry.seq, entry.action, entry.object_id) == (6, "case_reopened", str(chain.pk))
    assert audit.verify().ok  # the head moved with the entry; its hash is entry_digest's
    assert entry.hash == audit.entry_digest(entry.prev_hash, entry)


def test_the_first_entry_ever_starts_the_chain():
    person = PersonFactory()
    event = record_event(person, verb="profile_viewed")
    [entry] = AuditEntry.objects.all()
    assert (entry.seq, entry.prev_hash) == (1, audit.GENESIS) and event.pk is not None
    assert Event.objects.filter(pk=event.pk).count() == 1  # written once, before the head existed
    assert audit.verify().ok


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
    # Out of the way and back: PostgreSQL checks the unique seq row by row, in storage order.
    _sql("UPDATE core_auditentry SET seq = seq + 1000000 WHERE seq > %s", [3])
    _sql("UPDATE core_auditentry SET seq = seq - 1000001 WHERE seq > %s", [1000000])
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


# -- every field the entry hashes is covered: an edit of who, when or what object is named -----


@pytest.fixture
def staff_chain():
    """Entries written by a signed-in staff member, about three different people."""
    from .factories import UserFactory

    clerk = UserFactory(username="audit-clerk")
    for _ in range(3):
        record_event(PersonFactory(), verb="profile_viewed", actor=clerk, data={"reason": "窓口対応"})
    return clerk


def _entry(seq):
    return AuditEntry.objects.get(seq=seq)


def _edits():
    """(column, new value) pairs an insider might write to hide who read what, and when."""
    import datetime

    from .factories import UserFactory

    other = UserFactory(username="audit-someone-else")
    shifted = _entry(2).time - datetime.timedelta(hours=3)
    return {
        "actor_id_value": str(other.pk),
        "actor_label": other.username,
        "time": connection.ops.adapt_datetimefield_value(shifted),
        "object_id": _entry(3).object_id,
        "object_type": "core.department",
    }


@pytest.mark.parametrize("column", ["actor_id_value", "actor_label", "time", "object_id", "object_type"])
def test_sql_edit_of_who_when_or_which_object_is_named(staff_chain, column):
    assert _entry(2).actor_label == "audit-clerk" and _entry(2).object_id != _entry(3).object_id
    value = _edits()[column]
    _sql(f"UPDATE core_auditentry SET {column} = %s WHERE seq = %s", [value, 2])  # noqa: S608 (fixed names)
    with pytest.raises(CommandError, match="broken at entry 2: entry 2 was altered"):
        call_command("audit", "verify")


def test_sql_edit_of_the_stored_hash_is_named_at_the_next_link(staff_chain):
    """Rewriting an entry's hash to match its edited content breaks the next entry's link."""
    entry = _entry(2)
    entry.actor_label = "audit-someone-else"
    _sql(
        "UPDATE core_auditentry SET actor_label = %s, hash = %s WHERE seq = %s",
        [entry.actor_label, audit.entry_digest(entry.prev_hash, entry), 2],
    )
    with pytest.raises(CommandError, match="broken at entry 3: entry 3 does not link to entry 2"):
        call_command("audit", "verify")


def test_actor_is_recorded_from_the_signed_in_user(staff_chain):
    entry = _entry(1)
    assert (entry.actor_id_value, entry.actor_label) == (str(staff_chain.pk), "audit-clerk")


def test_entry_digest_is_pinned():
    """The hashed form is a format: changing it would make every chain already stored fail
    verification, so the bytes it hashes are pinned here (SHA-256 of prev hash ‖ canonical JSON)."""
    import datetime
    import hashlib

    entry = AuditEntry(
        seq=7,
        time=datetime.datetime(2024, 4, 1, 0, 30, tzinfo=datetime.UTC),
        actor_id_value="12",
        actor_label="kokubun",
        action="mynumber_revealed",
        object_type="core.person",
        object_id="34",
        data={"理由": "審査", "n": 1},
    )
    body = (
        '{"action":"mynumber_revealed","actor":"12","actor_label":"kokubun","data":{"n":1,"理由":"審査"},'
        '"object_id":"34","object_type":"core.person","seq":7,"time":"2024-04-01T00:30:00+00:00"}'
    )
    assert audit.entry_digest("ab" * 32, entry) == hashlib.sha256(("ab" * 32 + body).encode()).hexdigest()


def test_a_break_reports_how_far_the_chain_held(chain):
    """The result says exactly where: not ok (False, not merely falsy), entries checked before it."""
    _sql("DELETE FROM core_auditentry WHERE seq = %s", [3])
    result = audit.verify()
    assert (result.ok, result.checked, result.broken_seq) == (False, 2, 4)
    with pytest.raises(CommandError, match=r"\(2 entries ok before it\)$"):
        call_command("audit", "verify")


def test_a_broken_link_reports_how_far_the_chain_held(chain):
    _sql("UPDATE core_auditentry SET prev_hash = %s WHERE seq = %s", ["f" * 64, 4])
    result = audit.verify()
    assert (result.ok, result.checked, result.broken_seq) == (False, 3, 4)
    assert result.reason == "entry 4 does not link to entry 3"


def test_entries_name_the_object_they_are_about(chain):
    entry = _entry(1)
    assert (entry.object_type, entry.object_id) == ("core.person", str(chain.pk))


def test_an_entry_about_no_object_leaves_the_object_fields_empty():
    entry = audit.append(action="settings_exported")
    assert (entry.object_type, entry.object_id, entry.actor_id_value, entry.actor_label, entry.data) == (
        "",
        "",
        "",
        "",
        {},
    )
    assert audit.verify().ok


def test_values_json_cannot_hold_are_kept_as_text():
    """Dates, amounts and ids in an event's data are stored as their text and still verify."""
    import datetime
    import decimal
    import uuid

    when = datetime.datetime(2024, 4, 1, 9, 0, tzinfo=datetime.UTC)
    key = uuid.UUID(int=31)
    entry = audit.append(action="fee_paid", data={"when": when, "amount": decimal.Decimal("300"), "key": key})
    assert entry.data == {"when": str(when), "amount": "300", "key": str(key)}
    assert audit.verify().ok


def test_truncation_reports_how_far_the_chain_held(chain):
    _sql("DELETE FROM core_auditentry WHERE seq = %s", [5])
    result = audit.verify()
    assert (result.ok, result.checked, result.broken_seq) == (False, 4, 5)
    assert result.reason == "entries after 4 were removed (head is at 5)"


@pytest.mark.parametrize("column", ["seq", "hash"])
def test_an_edited_head_alone_is_caught(chain, column):
    """The head must match the last entry in both its number and its hash."""
    value = 6 if column == "seq" else "f" * 64
    _sql(f"UPDATE core_audithead SET {column} = %s WHERE id = %s", [value, 1])  # noqa: S608 (fixed names)
    result = audit.verify()
    assert (result.ok, result.checked, result.broken_seq) == (False, 5, 6)


def test_a_row_along_that_needs_the_orms_save_is_written_first(chain):
    from django.db.models.functions import Now

    from madoguchi.core.prepared import PreparedInsert

    event = Event(subject_type="core.person", subject_id=str(chain.pk), verb="noted", time=Now())
    entry = audit.append(
        action="noted", object_type="core.person", object_id=chain.pk, along=[(PreparedInsert(Event), event)]
    )
    assert Event.objects.get(pk=event.pk).time is not None and entry.seq == 6
    assert audit.verify().ok
