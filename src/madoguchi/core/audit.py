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
from .prepared import Batch, PreparedInsert, PreparedRead

GENESIS = "0" * 64


def canonical_json(value) -> str:
    """One byte string per value: sorted keys, no spaces, UTF-8 kept (not \\u escapes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_digest(prev_hash: str, entry: AuditEntry) -> str:
    body = canonical_json(
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
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def append(
    *, action: str, actor=None, object_type: str = "", object_id: str = "", data=None, along=()
) -> AuditEntry:
    """Add one entry. The head row is locked so concurrent writers get consecutive numbers.

    Inside a caller's transaction no savepoint is taken: a failure here fails the caller's whole
    unit of work anyway, and the two extra statements per entry showed in the submit benchmark.
    `along`: (PreparedInsert, new row) pairs written in the same statement as the entry (the
    Event it records), once the head is locked.
    """
    with transaction.atomic(savepoint=False):
        head = _HEAD.first(1)
        if head is None:  # the first entry ever
            head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"hash": GENESIS})
        entry = AuditEntry(
            seq=head.seq + 1,
            time=timezone.now(),
            actor_id_value=str(actor.pk) if actor is not None and actor.pk else "",
            actor_label=actor.get_username() if actor is not None and actor.pk else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            # Round-trip through JSON so the stored value hashes the same when read back.
            data=json.loads(canonical_json(data or {})),
            prev_hash=head.hash,
        )
        entry.hash = entry_digest(head.hash, entry)
        with Batch() as batch:  # one round trip on PostgreSQL
            for prepared, row in along:
                batch.insert(prepared, row)
            batch.insert(_INSERT, entry)
            batch.execute(_head_update_sql(connection), [entry.seq, entry.hash, 1])
    return entry


# The head is read and moved on every Event: the read is compiled once, the UPDATE is plain SQL
# from the model's column names, neither goes through the ORM's query building (ADR 0007).
_HEAD = PreparedRead(lambda pk: AuditHead.objects.select_for_update().filter(pk=pk))
_INSERT = PreparedInsert(AuditEntry)


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
