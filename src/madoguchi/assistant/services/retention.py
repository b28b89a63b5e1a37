"""保存期間 (retention) of the hand-offs, for the privacy purge (the contract in ``core.retention``)
and the 開示請求 export. The register's rule: 「受付の日から1年」.

- ``inquiry``: a question handed to staff (問合せ), answered and closed, received before the cutoff;
- ``callback``: a callback request (折返しの依頼), done, received before the cutoff.

Both are anonymised: the contact details, the link to the resident's account, the details the
resident typed and the staff's reply or note go; the department, the masked question and the
dates stay, so the assistant's hand-off figures for past years do not move. Open ones wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Q, QuerySet

from madoguchi.core.retention import Candidate, Removed, no_files

from ..models import CallbackRequest, Inquiry

KINDS = ("inquiry", "callback")
delete_files = no_files
_CLEARED = {
    "inquiry": {"user": None, "name": "", "email": "", "phone": "", "details": "", "reply": ""},
    "callback": {"user": None, "name": "", "email": "", "phone": "", "note": ""},
}


def _past(kind: str, cutoff: datetime) -> QuerySet:
    records: QuerySet
    if kind == "inquiry":
        records = Inquiry.objects.filter(status=Inquiry.Status.CLOSED, created_at__lt=cutoff)
    elif kind == "callback":
        records = CallbackRequest.objects.filter(done_at__isnull=False, created_at__lt=cutoff)
    else:
        raise ValueError(f"unknown record kind {kind!r}")
    return records.exclude(Q(**_CLEARED[kind]))


def retention_candidates(
    kind: str, *, cutoff: datetime, procedures: list[str] | None = None, exclude: Iterable[str] = ()
) -> Iterator[Candidate]:
    """What of ``kind`` is past ``cutoff`` (rules for single procedures do not apply here)."""
    if procedures is not None:
        return
    label = {"inquiry": "問合せ #{}", "callback": "折返し #{}"}[kind]
    for pk in _past(kind, cutoff).order_by("pk").values_list("pk", flat=True).iterator():
        yield Candidate(kind, pk, label.format(pk), 0, 0, "")


def remove_record(kind: str, pk: int, *, cutoff: datetime) -> Removed | None:
    """Anonymise the record if still past ``cutoff``; call inside a transaction. None: done already."""
    changed = _past(kind, cutoff).filter(pk=pk).update(**_CLEARED[kind])
    return Removed("anonymised", []) if changed else None


def records_of(person) -> dict[str, list[dict]]:
    """開示請求: the inquiries and callback requests the resident made while logged in."""
    user = person.user
    inquiries = Inquiry.objects.filter(user=user).order_by("pk") if user else Inquiry.objects.none()
    callbacks = (
        CallbackRequest.objects.filter(user=user).order_by("pk") if user else CallbackRequest.objects.none()
    )
    return {
        "assistant_inquiries": [
            {
                "question": i.question,
                "details": i.details,
                "name": i.name,
                "email": i.email,
                "phone": i.phone,
                "status": i.status,
                "reply": i.reply,
                "created_at": i.created_at,
                "replied_at": i.replied_at,
            }
            for i in inquiries
        ],
        "assistant_callbacks": [
            {
                "question": c.question,
                "name": c.name,
                "phone": c.phone,
                "email": c.email,
                "preferred_on": c.preferred_on,
                "done_at": c.done_at,
                "created_at": c.created_at,
            }
            for c in callbacks
        ],
    }
