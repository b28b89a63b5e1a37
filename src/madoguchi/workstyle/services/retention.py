"""保存期間 (retention) of workstyle's staff records, for the privacy purge (the contract in
``core.retention``). The register's rule: 「実証実験・会議の年度の末日から5年」.

- ``telework``: a member of a telework pilot (テレワーク実証実験の参加者) whose pilot ended in a
  年度 past the rule — deleted with their days and survey answer.
- ``document_opens``: who opened a meeting's documents (閲覧の記録), for meetings held in a 年度
  past the rule — deleted. The meeting, its pack and whether paper was printed stay: the
  plan's meeting figures are counted from them, not from the opens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.retention import Candidate, Removed, fiscal_years_ended_before, no_files

from ..models import DocumentOpen, PilotMember

KINDS = ("telework", "document_opens")
delete_files = no_files


def _past(kind: str, cutoff: datetime):
    before = fiscal_years_ended_before(cutoff)
    if kind == "telework":
        return PilotMember.objects.filter(pilot__ends_on__lt=to_jst_date(before))
    if kind == "document_opens":
        return DocumentOpen.objects.filter(version__document__meeting__held_at__lt=before)
    raise ValueError(f"unknown record kind {kind!r}")


def retention_candidates(
    kind: str, *, cutoff: datetime, procedures: list[str] | None = None, exclude: Iterable[str] = ()
) -> Iterator[Candidate]:
    """What of ``kind`` is past ``cutoff`` (rules for single procedures do not apply here)."""
    if procedures is not None:
        return
    label = {"telework": "テレワーク実証実験 #{}", "document_opens": "会議 #{}"}[kind]
    parent = "pilot_id" if kind == "telework" else "version__document__meeting_id"
    for pk, parent_id in _past(kind, cutoff).values_list("pk", parent).order_by("pk").iterator():
        yield Candidate(kind, pk, label.format(parent_id), 0, 0, "")


def remove_record(kind: str, pk: int, *, cutoff: datetime) -> Removed | None:
    """Delete the record if still past ``cutoff``; call inside a transaction. None: already gone."""
    deleted, _per_model = _past(kind, cutoff).filter(pk=pk).delete()
    return Removed("deleted", []) if deleted else None
