"""保存期間 (retention) of the letters, for the privacy purge (the contract in ``core.retention``).
The register's rule (「通知の連絡方法・郵送通知ファイル」): 郵送通知は送付の日から1年.

- ``letter``: a letter printed in a batch before the cutoff (the batch's 印刷日, the day it was
  sent) — its 宛名, 郵便番号, 住所, 件名 and 本文 are blanked; the row stays, so the batch's counts
  and the delivery's status still add up. Each letter is a candidate for its resident, so a legal
  hold on one resident keeps their letter. The batch's 印刷用PDF and 発送一覧 hold every letter of
  the batch: they are deleted with the batch's last letter to be blanked, so a hold on any one
  recipient keeps them too.

Letters still waiting for a batch were never sent and are not past anything.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import reduce

from django.db.models import Q, QuerySet
from django.utils import timezone

from madoguchi.core.retention import Candidate, Removed, files_in

from ..models import Letter, LetterBatch

KINDS = ("letter",)
_CONTENT = ("name", "postal_code", "address", "subject", "body")
_HOLDS_CONTENT = reduce(operator.or_, (Q(**{f"{field}__gt": ""}) for field in _CONTENT))


def _past(kind: str, cutoff: datetime) -> QuerySet:
    if kind != "letter":
        raise ValueError(f"unknown record kind {kind!r}")
    return Letter.objects.filter(batch__date__lt=timezone.localdate(cutoff)).filter(_HOLDS_CONTENT)


def retention_candidates(
    kind: str, *, cutoff: datetime, procedures: list[str] | None = None, exclude: Iterable[str] = ()
) -> Iterator[Candidate]:
    """What of ``kind`` is past ``cutoff`` (rules for single procedures do not apply here)."""
    if procedures is not None:
        return
    rows = _past(kind, cutoff).order_by("pk").values_list("pk", "person_id", "batch__date", "batch__sequence")
    for pk, person, date, sequence in rows.iterator():
        yield Candidate(kind, pk, f"郵送 {date:%Y%m%d}-{sequence:02d} #{pk}", person or 0, 0, "")


def remove_record(kind: str, pk: int, *, cutoff: datetime) -> Removed | None:
    """Blank the letter if still past ``cutoff``, and the batch's files with its last letter; call
    inside a transaction and delete the returned files after it commits. None: already blank."""
    letter = _past(kind, cutoff).filter(pk=pk).select_related("batch").first()
    if letter is None:
        return None
    Letter.objects.filter(pk=pk).update(**dict.fromkeys(_CONTENT, ""))
    batch = letter.batch
    if Letter.objects.filter(batch=batch).filter(_HOLDS_CONTENT).exists():
        return Removed("anonymised", [])
    files = [name for name in (batch.pdf.name, batch.manifest.name) if name]
    LetterBatch.objects.filter(pk=batch.pk).update(pdf="", manifest="")
    return Removed("anonymised", files)


delete_files = files_in(LetterBatch, "pdf")
