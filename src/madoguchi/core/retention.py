"""The contract between the privacy purge and the apps whose records it removes (保存期間).

privacy decides *when* (rules, legal holds, the run); each app's ``services.retention`` says
*what* is past a cutoff and removes it, because only the app knows its records. A source module
offers ``retention_candidates(kind, *, cutoff, procedures=None, exclude=())`` yielding
`Candidate`, ``remove_record(kind, pk, *, cutoff)`` returning `Removed` or None (already gone or
no longer eligible: removals are idempotent), and ``delete_files(names)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .japanese.fiscal import fiscal_year, fiscal_year_bounds_utc


@dataclass(frozen=True)
class Candidate:
    kind: str
    pk: int | str  # str: a UUID primary key (opendata's showcases)
    label: str  # never personal: a receipt number, a procedure code, a file's kind
    person_id: int  # 0: no resident (staff records), so only holds on the record itself apply
    application_id: int  # 0: not an application's record
    procedure: str  # "" outside applications


@dataclass(frozen=True)
class Removed:
    action: str  # "deleted" | "anonymised"
    files: list[str]


def fiscal_years_ended_before(cutoff: datetime) -> datetime:
    """For rules that run from the end of a record's 年度 (「年度の末日から3年」): a record is
    past ``cutoff`` when its 年度 ended before it, i.e. when it dates from before the start of the
    年度 that holds the cutoff. Returns that start (UTC)."""
    start, _end = fiscal_year_bounds_utc(fiscal_year(cutoff))
    return start


def no_files(names: list[str]) -> None:
    """``delete_files`` for sources whose records hold no stored files."""


def files_in(model, field: str) -> Callable[[list[str]], None]:
    """``delete_files`` for sources whose records' files live in the storage of ``model.field``:
    each name is deleted; a name already gone is fine (a resumed purge repeats it)."""

    def delete_files(names: list[str]) -> None:
        storage = model._meta.get_field(field).storage
        for name in names:
            storage.delete(name)

    return delete_files
