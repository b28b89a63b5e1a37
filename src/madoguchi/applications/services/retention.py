"""保存期間 (retention): what the privacy purge may remove from applications, and the removal.

The privacy app decides *when* (its retention rules, legal holds, the purge run); this module
says *what* is past a cutoff and removes it, because only applications knows its records:

- ``draft``: a 下書き never received (no 受付番号), last changed before the cutoff — deleted with
  its files;
- ``attachment``: a file of a finished case (却下・完了・取下げ) finished before the cutoff —
  deleted;
- ``application``: a finished case finished before the cutoff — anonymised: the answers, the
  encrypted 個人番号, the reasons, the signature detail, internal notes and files go; the
  receipt number, procedure, department, channel, state, dates and the link to the applicant
  (the key the plan's 利用者 counts are made of) stay, so past years' indicators do not move.

An open case is never a candidate. Each removal is idempotent: a record already gone or no
longer eligible (a draft submitted meanwhile) is left alone and reported as such (``None``).
Files are not removed inside the database transaction: the removal returns their storage names
and the caller deletes them (``delete_files``) once its transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from madoguchi.core.retention import Candidate, Removed, files_in

from ..models import FINAL_STATES, Application, Attachment, InternalNote, State

KINDS = ("draft", "attachment", "application")


def _finished_before(cutoff: datetime) -> QuerySet[Application]:
    """Finished cases that finished before ``cutoff``: by 完了日時, else 決定日時, else the last
    change (a withdrawal)."""
    finished = (
        Q(completed_at__lt=cutoff)
        | Q(completed_at__isnull=True, decided_at__lt=cutoff)
        | Q(completed_at__isnull=True, decided_at__isnull=True, updated_at__lt=cutoff)
    )
    return Application.objects.filter(finished, state__in=FINAL_STATES, receipt_number__isnull=False)


def _anonymised() -> Q:
    return Q(
        data={},
        secret_data="",
        correction_reason="",
        correction_snapshot={},
        decision_reason="",
        signature_detail={},
    )


def _candidates(kind: str, cutoff: datetime) -> QuerySet:
    if kind == "draft":
        drafts = Application.objects.filter(
            state=State.DRAFT, receipt_number__isnull=True, updated_at__lt=cutoff
        )
        return drafts.annotate(code=F("procedure__code"), app=F("pk")).values_list(
            "pk", "code", "applicant_id", "app", "code"
        )
    finished = _finished_before(cutoff)
    if kind == "attachment":
        return Attachment.objects.filter(application__in=finished.values("pk")).values_list(
            "pk", "kind", "application__applicant_id", "application_id", "application__procedure__code"
        )
    if kind == "application":
        leftover = Exists(Attachment.objects.filter(application=OuterRef("pk"))) | Exists(
            InternalNote.objects.filter(application=OuterRef("pk"))
        )
        return (
            finished.filter(~_anonymised() | leftover)
            .annotate(code=F("procedure__code"), app=F("pk"))
            .values_list("pk", "receipt_number", "applicant_id", "app", "code")
        )
    raise ValueError(f"unknown record kind {kind!r}")


def retention_candidates(
    kind: str, *, cutoff: datetime, procedures: list[str] | None = None, exclude: Iterable[str] = ()
) -> Iterator[Candidate]:
    """What of ``kind`` is past ``cutoff``, for the given procedure codes (None: all) except
    ``exclude`` (those with a rule of their own)."""
    rows = _candidates(kind, cutoff)
    prefix = "application__" if kind == "attachment" else ""
    if procedures is not None:
        rows = rows.filter(**{f"{prefix}procedure__code__in": procedures})
    if exclude:
        rows = rows.exclude(**{f"{prefix}procedure__code__in": list(exclude)})
    for pk, label, person_id, application_id, procedure in rows.order_by("pk").iterator(chunk_size=1000):
        yield Candidate(kind, pk, str(label), person_id, application_id, procedure)


def open_cases() -> set[tuple[int, str]]:
    """(applicant, procedure code) of every open case (受付〜承認): what they may still need of the
    same person's earlier records of that procedure."""
    rows = (
        Application.objects.filter(receipt_number__isnull=False)
        .exclude(state__in=FINAL_STATES)
        .values_list("applicant_id", "procedure__code")
        .distinct()
    )
    return set(rows)


def _files(attachments: QuerySet[Attachment]) -> list[str]:
    return [name for name in attachments.values_list("file", flat=True) if name]


def remove_record(kind: str, pk: int, *, cutoff: datetime) -> Removed | None:
    """Delete or anonymise one record if it is still past ``cutoff`` and not an open case; call
    inside a transaction. None: nothing to do (already removed, or no longer eligible)."""
    if kind == "draft":
        draft = Application.objects.filter(
            pk=pk, state=State.DRAFT, receipt_number__isnull=True, updated_at__lt=cutoff
        ).first()
        if draft is None:
            return None
        files = _files(draft.attachments.all())
        draft.delete()  # attachments and notes cascade
        return Removed("deleted", files)
    if kind == "attachment":
        attachment = Attachment.objects.filter(
            pk=pk, application__in=_finished_before(cutoff).values("pk")
        ).first()
        if attachment is None:
            return None
        files = _files(Attachment.objects.filter(pk=pk))
        attachment.delete()
        return Removed("deleted", files)
    if kind == "application":
        application = _finished_before(cutoff).filter(pk=pk).first()
        if application is None:
            return None
        attachments = Attachment.objects.filter(application_id=pk)
        files = _files(attachments)
        attachments.delete()
        InternalNote.objects.filter(application_id=pk).delete()
        # update(), not save(): 更新日時 stays what a withdrawn case's retention counts from.
        Application.objects.filter(pk=pk).update(
            data={},
            secret_data="",
            correction_reason="",
            correction_snapshot={},
            decision_reason="",
            signature_detail={},
            idempotency_key=None,
        )
        return Removed("anonymised", files)
    raise ValueError(f"unknown record kind {kind!r}")


delete_files = files_in(Attachment, "file")


def records_of(person) -> dict[str, list[dict]]:
    """開示請求: the applications (drafts included) and attached files the city holds about
    `person` as applicant. Form answers are as stored: 個人番号 fields are masked there."""
    applications = (
        Application.objects.filter(applicant=person).select_related("procedure", "department").order_by("pk")
    )
    rows = [
        {
            "receipt_number": a.receipt_number or "",
            "procedure": a.procedure.name,
            "department": a.department.name,
            "channel": a.channel,
            "state": a.state,
            "submitted_at": a.submitted_at,
            "completed_at": a.completed_at,
            "data": a.data,
            "correction_reason": a.correction_reason,
            "decision_reason": a.decision_reason,
        }
        for a in applications
    ]
    files = [
        {
            "receipt_number": f.application.receipt_number or "",
            "kind": f.kind,
            "file_name": f.original_name,
            "size": f.size,
            "uploaded_at": f.uploaded_at,
        }
        for f in Attachment.objects.filter(application__applicant=person).select_related("application")
    ]
    return {"applications": rows, "attachments": files}


def reencrypt_secrets(*, after_pk: int, limit: int) -> list[int]:
    """Key rotation: save the next `limit` applications holding encrypted 個人番号 after `after_pk`
    again, which encrypts them with the newest key; returns their ids (empty: all done)."""
    done = []
    for application in (
        Application.objects.filter(pk__gt=after_pk).exclude(secret_data="").order_by("pk")[:limit]
    ):
        application.save(update_fields=["secret_data"])
        done.append(application.pk)
    return done


def count_secrets() -> int:
    return Application.objects.exclude(secret_data="").count()
