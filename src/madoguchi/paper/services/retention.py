"""保存期間 (retention) of the scans, for the privacy purge (the contract in ``core.retention``).
The register's rule: what was accepted lives on in its Application (the scan is attached to the
case, which keeps the application file's retention); the intake itself — the uploaded file, the
page images, the field crops and the read values — 「取込みから1年」.

- ``batch``: a scan batch uploaded before the cutoff whose reading has ended (done or failed) and
  none of whose forms is still being checked — deleted with its pages, forms, readings and files.
  The Events stay: the paper figures (accuracy by kind, pages per hour, the OCR-keyed share) are
  counted from them, not from the readings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from madoguchi.core.retention import Candidate, Removed, files_in

from ..models import FieldReading, PaperForm, ScanBatch, ScanPage

KINDS = ("batch",)


def _past(kind: str, cutoff: datetime):
    if kind != "batch":
        raise ValueError(f"unknown record kind {kind!r}")
    return ScanBatch.objects.filter(
        created_at__lt=cutoff, state__in=(ScanBatch.State.DONE, ScanBatch.State.FAILED)
    ).exclude(forms__state=PaperForm.State.VERIFYING)


def retention_candidates(
    kind: str, *, cutoff: datetime, procedures: list[str] | None = None, exclude: Iterable[str] = ()
) -> Iterator[Candidate]:
    """What of ``kind`` is past ``cutoff`` (rules for single procedures do not apply here)."""
    if procedures is not None:
        return
    for pk in _past(kind, cutoff).order_by("pk").values_list("pk", flat=True).distinct().iterator():
        yield Candidate(kind, pk, f"スキャン #{pk}", 0, 0, "")


def _names(batch: ScanBatch) -> list[str]:
    names = [batch.upload.name]
    names += ScanPage.objects.filter(batch=batch).values_list("image", flat=True)
    names += PaperForm.objects.filter(batch=batch).values_list("scan", flat=True)
    names += FieldReading.objects.filter(page__batch=batch).values_list("crop", flat=True)
    return [name for name in names if name]


def remove_record(kind: str, pk: int, *, cutoff: datetime) -> Removed | None:
    """Delete the batch and what was read from it if still past ``cutoff``; call inside a
    transaction and delete the returned files after it commits. None: already gone."""
    batch = _past(kind, cutoff).filter(pk=pk).first()
    if batch is None:
        return None
    files = _names(batch)
    batch.delete()  # pages, forms and readings cascade
    return Removed("deleted", files)


delete_files = files_in(ScanBatch, "upload")
