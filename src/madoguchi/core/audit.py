"""The audit chain (監査ログ): append-only entries, each hashing the previous one.

hash(n) = SHA-256(hash(n−1) ‖ canonical JSON of entry n). Editing or deleting any row with SQL
breaks the chain at that point or the next one; `madoguchi audit verify` names the first break.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead
from .prepared import PreparedInsert, PreparedRead, statement_cursor

GENESIS = "0" * 64


def canonical_json(value) -> str:
    """One byte string per value: sorted keys, no spaces, UTF-8 kept (not \\u escapes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_body(entry: AuditEntry) -> str:
    return canonical_json(
        {
            "seq": entry.seq,
            "time": entry.time.isoformat(),
            "actor": entry.actor_id_value,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "data": entry.data,
        }
    )


def entry_digest(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + entry_body(entry)).encode()).hexdigest()


def append(
    *, action: str, actor=None, object_type: str = "", object_id: str = "", data=None, along=()
) -> AuditEntry:
    """Add one entry. The head row is locked so concurrent writers get consecutive numbers.

    Inside a caller's transaction no savepoint is taken: a failure here fails the caller's whole
    unit of work anyway, and the two extra statements per entry showed in the submit benchmark.
    `along`: (PreparedInsert, new row) pairs written with the entry (the Event it records): on
    PostgreSQL in the entry's one statement, elsewhere one by one after the head is read.
    """
    entry = AuditEntry(
        time=timezone.now(),
        actor_id_value=str(actor.pk) if actor is not None and actor.pk else "",
        actor_label=actor.get_username() if actor is not None and actor.pk else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        # Round-trip through JSON so the stored value hashes the same when read back.
        data=json.loads(canonical_json(data or {})),
    )
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql" and _append_in_one_statement(entry, along):
            return entry
        head = _HEAD.first(1)
        if head is None:  # the first entry ever
            head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"hash": GENESIS})
        entry.seq, entry.prev_hash = head.seq + 1, head.hash
        entry.hash = entry_digest(head.hash, entry)
        for prepared, row in along:
            if row._state.adding:  # PostgreSQL's statement above wrote them before the first entry
                prepared.save(row)
        _INSERT.save(entry)
        with statement_cursor(connection) as cursor:
            cursor.execute(_head_update_sql(connection), [entry.seq, entry.hash, 1])
    return entry


# The head is read and moved on every Event: the read is compiled once, the UPDATE is plain SQL
# from the model's column names, neither goes through the ORM's query building (ADR 0007).
_HEAD = PreparedRead(lambda pk: AuditHead.objects.select_for_update().filter(pk=pk))
_INSERT = PreparedInsert(AuditEntry)


# Stands for the entry's number in its canonical body until the head is read (see below).
_SEQ_STAND_IN = -7_318_024_509
_COMPUTED = {"seq": "new.seq", "prev_hash": "new.prev", "hash": "new.hash"}


def _append_in_one_statement(entry: AuditEntry, along) -> bool:
    """PostgreSQL: lock the head, number and hash the entry, move the head, write the entry and
    the rows `along` it: one statement, one round trip. The hash is `entry_digest`'s, computed by
    PostgreSQL's sha256() over the same canonical body (Python's, with the number put in where it
    stands), and `audit verify` checks every entry in Python. False when there is no head yet
    (the first entry ever): then only the rows along are written.
    """
    entry.seq, entry.prev_hash, entry.hash = _SEQ_STAND_IN, GENESIS, GENESIS  # set by the SQL
    # The top-level "seq" is the last in the sorted body ("data", before it, may hold one too).
    before, _mark, after = entry_body(entry).rpartition(f'"seq":{_SEQ_STAND_IN}')
    values = _INSERT.prepare(entry, connection)
    if values is None:
        return False
    ctes, params, written = [], [], []
    for n, (prepared, row) in enumerate(along):
        row_values = prepared.prepare(row, connection)
        if row_values is None:
            prepared.save(row)  # through the model's own save(), first
            continue
        ctes.append(f"w{n} AS ({prepared.sql(connection.alias)}), ")
        params += row_values
        written.append((f"w{n}, ", prepared, row))
    params += [before + '"seq":', after]  # `new`'s two
    insert, insert_params = _INSERT.insert_select(
        values, connection, computed=_COMPUTED, source="new", returning=("id", "seq", "prev_hash", "hash")
    )
    params += insert_params
    head = _table(AuditHead)
    # Names from the models; every value is a parameter.
    sql = (
        f"WITH {''.join(ctes)}old AS (SELECT seq, hash FROM {head} WHERE id = 1 FOR UPDATE), "  # noqa: S608
        "new AS (SELECT old.seq + 1 AS seq, old.hash AS prev, encode(sha256(convert_to("
        "old.hash || %s || (old.seq + 1)::text || %s, 'UTF8')), 'hex') AS hash FROM old), "
        f"moved AS (UPDATE {head} SET seq = new.seq, hash = new.hash FROM new WHERE {head}.id = 1), "
        f"entry AS ({insert}) "
        f"SELECT * FROM {''.join(name for name, _p, _r in written)}(SELECT 1) AS done LEFT JOIN entry ON true"
    )
    with transaction.mark_for_rollback_on_error(connection.alias), statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    at = 0
    for _name, prepared, saved in written:
        width = len(prepared.model._meta.db_returning_fields)
        prepared.saved(saved, row[at : at + width], connection.alias)
        at += width
    pk, entry.seq, entry.prev_hash, entry.hash = row[at + 1 : at + 5]
    if pk is None:
        return False
    _INSERT.saved(entry, [pk], connection.alias)
    return True


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _head_update_sql(connection) -> str:
    quote, meta = connection.ops.quote_name, AuditHead._meta
    columns = {field.name: quote(field.column) for field in meta.concrete_fields}
    seq, hash_, pk = columns["seq"], columns["hash"], columns["id"]
    return f"UPDATE {quote(meta.db_table)} SET {seq} = %s, {hash_} = %s WHERE {pk} = %s"  # noqa: S608 (names from the model)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify() -> VerifyResult:
    """Walk the chain in order; report the first entry whose link or content does not hold."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return VerifyResult(
                False, checked, entry.seq, f"entry {expected_seq} is missing before entry {entry.seq}"
            )
        if entry.prev_hash != prev_hash:
            return VerifyResult(
                False, checked, entry.seq, f"entry {entry.seq} does not link to entry {entry.seq - 1}"
            )
        if entry_digest(prev_hash, entry) != entry.hash:
            return VerifyResult(
                False, checked, entry.seq, f"entry {entry.seq} was altered after it was written"
            )
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.seq != checked or head.hash != prev_hash):
        return VerifyResult(
            False, checked, checked + 1, f"entries after {checked} were removed (head is at {head.seq})"
        )
    return VerifyResult(True, checked)
