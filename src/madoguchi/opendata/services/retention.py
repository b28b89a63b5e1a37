"""保存期間 (retention) of what open data holds about people, for the privacy purge (the contract in
``core.retention``), by the register (個人情報ファイル簿, ``privacy.registry``):

- ``showcase``: an 活用事例 submission (「オープンデータ活用事例投稿ファイル」), kept one year from
  the decision (掲載する・しない; a showcase taken down is decided again: 掲載しない, that day).
  Then a showcase still shown loses its submitter's name, e-mail address and account (the
  showcase itself, with the 制作者 the submitter chose to publish, stays on); one not shown is
  deleted whole, as nothing of it is public. Pending ones wait for their decision.
- ``data_request``: a データ公開の要望 (「データ公開要望ファイル」), kept three years from the
  department's (latest) answer. Then the link to the requester's account, the 団体名 and the
  followers' follows go (each follow a candidate of its own, for its follower: a legal hold on
  one follower keeps that follow only); the request and the answer stay public, without anyone's
  name, and so do the department, the status and ``taken_up_at``, which the plan's 3-ウ figure
  (priority-data-collaborations) counts, so past years do not move. Unanswered ones wait.

A candidate names the resident (core.Person) behind the account, where there is one, so a
legal hold on that resident keeps the record. Nothing here holds stored files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Q, QuerySet

from madoguchi.core.models import Person
from madoguchi.core.retention import Candidate, Removed, no_files

from ..models import DataRequest, DataRequestFollow, Showcase

KINDS = ("showcase", "data_request")
delete_files = no_files
_NO_CONTACT = {"submitter_name": "", "submitter_email": "", "submitted_by": None}


def _past(kind: str, cutoff: datetime) -> QuerySet:
    """What of ``kind`` is past ``cutoff`` and still holds something to remove."""
    if kind == "showcase":
        shown_with_contact = Q(status=Showcase.Status.APPROVED) & ~Q(**_NO_CONTACT)
        return Showcase.objects.filter(moderated_at__lt=cutoff).filter(
            Q(status=Showcase.Status.REJECTED) | shown_with_contact
        )
    if kind == "data_request":
        return DataRequest.objects.filter(answered_at__lt=cutoff).filter(
            Q(requested_by__isnull=False) | ~Q(organisation_name="")
        )
    raise ValueError(f"unknown record kind {kind!r}")


def _past_follows(cutoff: datetime) -> QuerySet:
    return DataRequestFollow.objects.filter(request__answered_at__lt=cutoff)


FOLLOW = "follow-"  # a follow's candidate pk: "follow-<its id>", beside its request's own


def _follow_id(pk) -> int | None:
    text = str(pk)
    return int(text.removeprefix(FOLLOW)) if text.startswith(FOLLOW) else None


def retention_candidates(
    kind: str, *, cutoff: datetime, procedures: list[str] | None = None, exclude: Iterable[str] = ()
) -> Iterator[Candidate]:
    """What of ``kind`` is past ``cutoff`` (rules for single procedures do not apply here)."""
    if procedures is not None:
        return
    account = "submitted_by_id" if kind == "showcase" else "requested_by_id"
    rows = [
        (
            str(pk) if kind == "showcase" else pk,
            user,
            f"活用事例 {str(pk)[:8]}" if kind == "showcase" else f"要望 #{pk}",
        )
        for pk, user in _past(kind, cutoff).order_by("pk").values_list("pk", account)
    ]
    if kind == "data_request":
        follows = _past_follows(cutoff).order_by("pk").values_list("pk", "user_id", "request_id")
        rows += [(f"{FOLLOW}{pk}", user, f"要望 #{request} のフォロー") for pk, user, request in follows]
    persons = dict(
        Person.objects.filter(user_id__in={user for _pk, user, _l in rows if user}).values_list(
            "user_id", "pk"
        )
    )
    for pk, user, label in rows:
        yield Candidate(kind, pk, label, persons.get(user, 0), 0, "")


def remove_record(kind: str, pk, *, cutoff: datetime) -> Removed | None:
    """Blank or delete the record if still past ``cutoff`` (a showcase decided again since, or a
    request answered again, is not); call inside a transaction. None: nothing left to do."""
    follow = _follow_id(pk) if kind == "data_request" else None
    if follow is not None:
        deleted, _by_model = _past_follows(cutoff).filter(pk=follow).delete()
        return Removed("deleted", []) if deleted else None
    record = _past(kind, cutoff).filter(pk=pk).first()
    if record is None:
        return None
    if kind == "showcase":
        if record.status == Showcase.Status.REJECTED:
            record.delete()  # with its links to the datasets; its Events stay
            return Removed("deleted", [])
        Showcase.objects.filter(pk=pk).update(**_NO_CONTACT)
        return Removed("anonymised", [])
    DataRequest.objects.filter(pk=pk).update(requested_by=None, organisation_name="")
    return Removed("anonymised", [])
