"""The case workflow (審査 → 補正依頼 → 再提出 → 決裁 → 完了, or 取下げ), assignment, notes and the
audited reveal of 個人番号. Each action locks the row, moves the state (or refuses with a
message), writes its Event, and notifies the resident and the `application_state_changed`
receivers after commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access, audit
from madoguchi.core.events import events_for, record_event
from madoguchi.core.httpkit import error_text
from madoguchi.core.japanese import add_business_days, business_days_between
from madoguchi.core.models import Channel, User
from madoguchi.procedures.services import prune, validate_form_data

from ..attachments import check_attachments
from ..events import EXAMINING_VERBS, Verb
from ..models import Application, InternalNote, SignatureStatus, State
from ..secrets import merge_secrets, split_secrets
from .cases import ensure_department_access, ensure_owner, is_owner
from .common import actor_of, ensure_attachments, notify_applicant, send_state_changed, store_files
from .drafts import full_data, pages_of


def _move(application: Application, *, to: str):
    """Lock the row, read its current state into `application`, and move it (or refuse)."""
    application.state = (
        Application.objects.select_for_update().values_list("state", flat=True).get(pk=application.pk)
    )
    from_state = application.state
    application.transition(to=to)
    return application, from_state


def _finish(
    application,
    from_state,
    *,
    by: User,
    verb,
    data=None,
    channel=Channel.SYSTEM,
    extra_fields=(),
    template=None,
):
    application.save(update_fields=["state", "updated_at", *extra_fields])
    record_event(application, verb=verb, actor=actor_of(by), channel=channel, data=data or {})
    notify_applicant(application, template or verb)
    send_state_changed(application, from_state, application.state, actor_of(by))
    return application


@transaction.atomic
def start_review(application: Application, *, by: User) -> Application:
    """審査中: a staff member takes the case up."""
    ensure_department_access(by, application, access.CASE_REVIEW)
    application, from_state = _move(application, to=State.UNDER_REVIEW)
    extra = []
    if application.assignee_id is None:
        application.assignee = by
        extra.append("assignee")
    return _finish(application, from_state, by=by, verb=Verb.REVIEW_STARTED, extra_fields=extra)


@transaction.atomic
def request_correction(application: Application, *, by: User, reason: str, step: str = "") -> Application:
    """補正依頼: send the application back to the resident with what must change.

    `step` names the page to correct (a step's key, or the attachments page); the resident starts
    there and sees the request on it. What was sent so far is kept, so that staff see what the
    resubmission changed (`changes_since_correction`).
    """
    ensure_department_access(by, application, access.CASE_REVIEW)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("補正を依頼する内容を入力してください。")]})
    step = (step or "").strip()
    if step and step not in {page["key"] for page in pages_of(application)}:
        raise ValidationError({"step": [_("補正を依頼する画面を一覧から選んでください。")]})
    application, from_state = _move(application, to=State.CORRECTION_REQUESTED)
    application.correction_reason = reason.strip()
    application.correction_step = step
    application.correction_started_on = timezone.localdate()
    application.correction_snapshot = {
        "data": application.data,
        "attachments": [
            {"id": a.pk, "kind": a.kind, "name": a.original_name, "sha256": a.sha256}
            for a in application.attachments.all()
        ],
    }
    return _finish(
        application,
        from_state,
        by=by,
        verb=Verb.CORRECTION_REQUESTED,
        data={"reason": application.correction_reason, "step": step},
        extra_fields=["correction_reason", "correction_step", "correction_started_on", "correction_snapshot"],
    )


@transaction.atomic
def resubmit(
    application: Application,
    *,
    by: User,
    data: dict | None = None,
    attachments=(),
    signature: dict | None = None,
) -> Application:
    """再提出: the resident answers a correction request with corrected data.

    A card_sign procedure's resubmission is signed again over the resubmitted data (`signature`,
    verified by the caller); the new result replaces the first submission's on the case.
    """
    ensure_owner(by, application)
    if data is None:
        data = full_data(application)
    else:
        data = merge_secrets(application.procedure_version.schema, data, application.secret_data)
    data = prune(application.procedure_version.ui_schema, data)
    application.state = (
        Application.objects.select_for_update().values_list("state", flat=True).get(pk=application.pk)
    )
    if application.state != State.CORRECTION_REQUESTED:
        raise ValidationError(_("補正を依頼されている申請だけ再提出できます。"))
    validate_form_data(application.procedure_version.schema, data)
    checked = check_attachments(application.procedure, attachments)
    # A corrected answer can make another document required (a proxy now paid: 委任状).
    have = set(application.attachments.values_list("kind", flat=True)) | {c.kind for c in checked}
    submitted = events_for(application).filter(verb=Verb.SUBMITTED).values_list("data", flat=True).first()
    have |= set((submitted or {}).get("documents_received") or [])
    ensure_attachments(application.procedure, application.procedure_version, data, have=have)
    application, from_state = _move(application, to=State.RESUBMITTED)
    application.data, application.secret_data = split_secrets(application.procedure_version.schema, data)
    # 補正 time does not count towards the standard processing period.
    if application.correction_started_on and application.due_date:
        paused = max(0, business_days_between(application.correction_started_on, timezone.localdate()))
        application.due_date = add_business_days(application.due_date, paused)
    extra_fields = ["data", "secret_data", "due_date"]
    if signature is not None:
        application.signature_status = (
            SignatureStatus.VALID if signature.get("valid") else SignatureStatus.INVALID
        )
        application.signature_detail = signature
        extra_fields += ["signature_status", "signature_detail"]
    store_files(application, checked, by)
    return _finish(
        application,
        from_state,
        by=by,
        verb=Verb.RESUBMITTED,
        channel=Channel.ONLINE,
        data={"signed": True} if signature is not None else None,
        extra_fields=extra_fields,
    )


def ensure_may_decide(application: Application, by: User) -> None:
    """承認・却下 (決裁) need the 決裁 role in the case's department; where the procedure asks for
    two people, not from a staff member who examined the case (審査・補正依頼)."""
    ensure_department_access(by, application, access.CASE_DECIDE)
    if application.procedure.decision_by_another:
        examiners = (
            events_for(application).filter(verb__in=EXAMINING_VERBS).values_list("actor_id", flat=True)
        )
        if by.pk in set(examiners):
            raise PermissionDenied(_("この手続は、審査した職員とは別の職員が決裁します。"))


@transaction.atomic
def approve(application: Application, *, by: User, note: str = "") -> Application:
    """承認 (決裁)."""
    ensure_may_decide(application, by)
    application, from_state = _move(application, to=State.APPROVED)
    application.decided_at = timezone.now()
    application.decision_reason = note
    return _finish(
        application, from_state, by=by, verb=Verb.APPROVED, extra_fields=["decided_at", "decision_reason"]
    )


@transaction.atomic
def reject(application: Application, *, by: User, reason: str) -> Application:
    """却下, with the reason the resident is told."""
    ensure_may_decide(application, by)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("却下の理由を入力してください。")]})
    application, from_state = _move(application, to=State.REJECTED)
    application.decided_at = timezone.now()
    application.decision_reason = reason.strip()
    return _finish(
        application,
        from_state,
        by=by,
        verb=Verb.REJECTED,
        data={"reason": application.decision_reason},
        extra_fields=["decided_at", "decision_reason"],
    )


@transaction.atomic
def complete(application: Application, *, by: User) -> Application:
    """完了: the result has reached the resident (certificate issued, allowance set, …)."""
    ensure_department_access(by, application, access.CASE_REVIEW)
    application, from_state = _move(application, to=State.COMPLETED)
    application.completed_at = timezone.now()
    return _finish(application, from_state, by=by, verb=Verb.COMPLETED, extra_fields=["completed_at"])


@transaction.atomic
def withdraw(application: Application, *, by: User, reason: str = "") -> Application:
    """取下げ: by the resident (their own application) or by staff on the resident's request."""
    if not is_owner(by, application):
        ensure_department_access(by, application, access.CASE_REVIEW)
    application, from_state = _move(application, to=State.WITHDRAWN)
    if from_state == State.DRAFT:
        application.save(update_fields=["state", "updated_at"])
        return application
    return _finish(
        application, from_state, by=by, verb=Verb.WITHDRAWN, data={"reason": reason} if reason else {}
    )


@transaction.atomic
def assign(application: Application, *, by: User, assignee: User | None) -> Application:
    """担当者の割当て (within the department)."""
    ensure_department_access(by, application, access.CASE_REVIEW)
    if assignee is not None:
        ensure_department_access(assignee, application, access.CASE_VIEW)
    application.assignee = assignee
    application.save(update_fields=["assignee", "updated_at"])
    record_event(
        application,
        verb=Verb.ASSIGNED,
        actor=actor_of(by),
        data={"assignee": assignee.get_username() if assignee else ""},
    )
    return application


@transaction.atomic
def add_note(application: Application, *, by: User, text: str) -> InternalNote:
    ensure_department_access(by, application, access.CASE_VIEW)
    if not (text or "").strip():
        raise ValidationError({"text": [_("メモを入力してください。")]})
    note = InternalNote.objects.create(application=application, author=by, text=text.strip())
    record_event(application, verb=Verb.NOTE_ADDED, actor=actor_of(by))
    return note


TRANSITION_SERVICES: dict[str, Callable[..., Application]] = {
    "start_review": start_review,
    "request_correction": request_correction,
    "approve": approve,
    "reject": reject,
    "complete": complete,
    "withdraw": withdraw,
}


def reveal_my_numbers(application: Application, *, by: User, purpose: str) -> dict[str, str]:
    """個人番号 given in the form, for staff with the マイナンバー利用事務 role of the department. Audited."""
    if not access.can(by, access.MY_NUMBER_REVEAL, application.department_id):
        audit.append(
            action="my_number_reveal_denied",
            actor=by,
            object_type="applications.application",
            object_id=str(application.pk),
        )
        raise PermissionDenied(access.MY_NUMBER_REVEAL.refusal)
    if not (purpose or "").strip():
        raise ValidationError({"purpose": [_("表示する目的を入力してください。")]})
    audit.append(
        action="my_number_revealed",
        actor=by,
        object_type="applications.application",
        object_id=str(application.pk),
        data={"purpose": purpose.strip()},
    )
    return json.loads(application.secret_data) if application.secret_data else {}


def bulk_transition(applications, *, action: str, by: User, reason: str = "") -> tuple[int, list[str]]:
    """Apply one workflow action to many cases; each is its own transaction. Returns (done, errors)."""
    service = TRANSITION_SERVICES[action]
    done, errors = 0, []
    for application in applications:
        try:
            if action in ("request_correction", "reject"):
                service(application, by=by, reason=reason)
            else:
                service(application, by=by)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            errors.append(f"{application.receipt_number}: {error_text(error)}")
    return done, errors
