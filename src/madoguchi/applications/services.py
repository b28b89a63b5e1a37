"""Application services: the only code that changes an application's state.

Each function is one thing the city does: permission check → state change → Event →
notification, in one transaction; the `application_state_changed` signal and messages go out
after commit. Every submission on every channel writes exactly one "submitted" Event (the PDCA
module computes the online share from them).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import events_for, record_event
from madoguchi.core.japanese import add_business_days, business_days_between, fiscal_year, receipt_prefix
from madoguchi.core.models import Channel, Person
from madoguchi.core.notifications import notify
from madoguchi.procedures.conditions import prune
from madoguchi.procedures.validation import FormDataError, validate_form_data

from .attachments import CheckedFile, check_attachments
from .models import (
    Application,
    Attachment,
    InternalNote,
    PushInvitation,
    ReceiptCounter,
    SignatureStatus,
    State,
)
from .secrets import merge_secrets, split_secrets
from .signals import application_state_changed

# ---------------------------------------------------------------- access


def ensure_department_access(user, application_or_department, permission=access.CASE_VIEW) -> None:
    """Staff act only on their own department's cases, with a role that grants `permission`."""
    department = getattr(application_or_department, "department_id", application_or_department)
    access.require(user, permission, department)


def can_view(user, application: Application) -> bool:
    if is_owner(user, application):
        return True
    if application.receipt_number is None:  # never submitted (a draft): only the resident's
        return False
    return access.can(user, access.CASE_VIEW, application.department_id)


def case_departments(user):
    """The departments whose received cases `user` may see (the inbox, the API list)."""
    return access.departments_where(user, access.CASE_VIEW)


def access_case(user, **lookup) -> Application:
    """Fetch a received case by `lookup` for staff of its department (404 for anyone else)."""
    return access.load(
        Application.objects.received().select_related(
            "procedure", "procedure_version", "department", "applicant", "assignee"
        ),
        user,
        access.CASE_VIEW,
        **lookup,
    )


def is_owner(user, application: Application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    person = getattr(user, "person", None)
    return person is not None and person.pk == application.applicant_id


def ensure_owner(user, application: Application) -> None:
    if not is_owner(user, application):
        raise PermissionDenied(_("この申請を操作する権限がありません。"))


# ---------------------------------------------------------------- helpers


def next_receipt_number(when=None) -> str:
    """R7-000123: unique per city and 年度, gap-free; one UPDATE … RETURNING holds the row lock."""
    from django.db import connection

    fy = fiscal_year(when or timezone.now())
    table = connection.ops.quote_name(ReceiptCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last = last + 1 WHERE fiscal_year = %s RETURNING last", [fy])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(fiscal_year=fy, last=1)
            number = 1
        except IntegrityError:  # another request created the year's counter first
            return next_receipt_number(when)
    else:
        number = row[0]
    return f"{receipt_prefix(fy)}-{number:06d}"


def _send_state_changed(application: Application, from_state: str, to_state: str, actor) -> None:
    def send():
        application_state_changed.send(
            sender=Application, application=application, from_state=from_state, to_state=to_state, actor=actor
        )

    transaction.on_commit(send)


def _notify(application: Application, template: str, **context) -> None:
    notify(
        application.applicant, f"applications/notifications/{template}", application=application, **context
    )


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _validate(version, data: dict) -> None:
    validate_form_data(version.schema, data)


def _store_attachments(application: Application, checked: list[CheckedFile], by) -> list[Attachment]:
    stored = []
    for item in checked:
        attachment = Attachment(
            application=application,
            kind=item.kind,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=_actor(by),
        )
        attachment.file.save(item.name, item.upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def missing_required_attachments(application: Application, extra_kinds=()) -> list[dict]:
    have = set(application.attachments.values_list("kind", flat=True)) | set(extra_kinds)
    return [
        a
        for a in application.procedure.required_attachments or []
        if a.get("required") and a["code"] not in have
    ]


# ---------------------------------------------------------------- resident: drafts


def prefill_from_person(version, person: Person) -> dict:
    """Once-only: the fields whose ui_schema says `prefill: person.x`, filled from the Person."""
    data: dict = {}
    for path, spec in ((version.ui_schema or {}).get("fields") or {}).items():
        source = spec.get("prefill", "")
        if not source.startswith("person."):
            continue
        value = getattr(person, source.split(".", 1)[1], None)
        if value in (None, ""):
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        parts = path.split(".")
        target = data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return data


def prefilled_paths(version) -> set[str]:
    return {
        path
        for path, spec in ((version.ui_schema or {}).get("fields") or {}).items()
        if str(spec.get("prefill", "")).startswith("person.")
    }


@transaction.atomic
def start_application(
    procedure, *, applicant: Person, by, invitation: PushInvitation | None = None
) -> Application:
    """Open a draft (下書き) on the current form version, prefilled from the resident's record."""
    version = procedure.current_version
    if version is None or not procedure.is_published:
        raise ValidationError(_("この手続は現在オンラインで受け付けていません。"))
    application = Application.objects.create(
        procedure=procedure,
        procedure_version=version,
        applicant=applicant,
        department=procedure.department,
        channel=Channel.ONLINE,
        state=State.DRAFT,
        data=prefill_from_person(version, applicant),
        invitation=invitation,
    )
    return application


def save_draft(application: Application, *, by, data: dict, step: int | None = None) -> Application:
    """Save and resume: keep what was typed so far (validated only on submit). Answers to fields
    hidden by a condition (ui_schema `show_if`) are dropped, never stored."""
    ensure_owner(by, application)
    if application.state not in (State.DRAFT, State.CORRECTION_REQUESTED):
        raise ValidationError(_("提出済みの申請は変更できません。"))
    data = prune(application.procedure_version.ui_schema, data)
    public, secrets = split_secrets(application.procedure_version.schema, data)
    if secrets or not application.secret_data:
        application.secret_data = secrets
    application.data = public
    fields = ["data", "secret_data", "updated_at"]
    if step is not None:
        application.current_step = step
        fields.append("current_step")
    application.save(update_fields=fields)
    return application


def full_data(application: Application) -> dict:
    """The data with 個人番号 restored (for validation; never for display)."""
    return merge_secrets(application.procedure_version.schema, application.data, application.secret_data)


def store_attachment(application: Application, *, by, kind: str, upload) -> Attachment:
    """Attach one file to a draft or a case being corrected (the owner only)."""
    ensure_owner(by, application)
    if application.state not in (State.DRAFT, State.CORRECTION_REQUESTED):
        raise ValidationError(_("提出済みの申請には書類を追加できません。"))
    checked = check_attachments(application.procedure, [(kind, upload)])
    with transaction.atomic():
        return _store_attachments(application, checked, by)[0]


# ---------------------------------------------------------------- submission (every channel)


def submit_application(
    procedure,
    *,
    applicant: Person,
    data: dict,
    channel: str,
    by,
    idempotency_key: str | None = None,
    attachments=(),
    draft: Application | None = None,
    received_at=None,
    signature: dict | None = None,
) -> Application:
    """受付: validate against the form schema, give a receipt number, write one "submitted" Event.

    Invalid data raises FormDataError (per-field messages) and stores nothing. With an
    `idempotency_key`, a repeated submit (double click, retry, concurrent request) returns the
    application the first one created.
    """
    if idempotency_key:
        repeated = (
            Application.objects.filter(applicant=applicant, idempotency_key=idempotency_key)
            .exclude(state=State.DRAFT)
            .values_list("pk", flat=True)
        )
        if repeated:  # a retry: load the whole application only then
            existing = Application.objects.get(pk=repeated[0])
            existing.was_repeated = True
            return existing
    if draft is not None:
        if draft.state != State.DRAFT:
            return draft  # already submitted: a repeated click
        version = draft.procedure_version
    else:
        version = procedure.current_version
    if version is None or not procedure.is_published:
        raise ValidationError(_("この手続は現在受け付けていません。"))
    if channel == Channel.ONLINE and "online" not in (procedure.channels or []):
        raise ValidationError(_("この手続はオンラインでは受け付けていません。"))
    data = prune(version.ui_schema, data)  # answers to fields hidden by a condition are dropped
    _validate(version, data)
    checked = check_attachments(procedure, attachments)
    if channel == Channel.ONLINE:
        have = set(draft.attachments.values_list("kind", flat=True)) if draft else set()
        have |= {c.kind for c in checked}
        missing = [
            a for a in procedure.required_attachments or [] if a.get("required") and a["code"] not in have
        ]
        if missing:
            from django.utils.translation import get_language

            raise FormDataError(
                {
                    f"attachment-{a['code']}": [
                        _("「%(name)s」を添付してください。")
                        % {
                            "name": a.get("name_en")
                            if get_language() == "en" and a.get("name_en")
                            else a["name"]
                        }
                    ]
                    for a in missing
                }
            )
    public, secrets = split_secrets(version.schema, data)
    now = received_at or timezone.now()
    try:
        with transaction.atomic():
            if draft is not None:
                application = Application.objects.select_for_update().get(pk=draft.pk)
                if application.state != State.DRAFT:
                    return application
            else:
                application = Application(
                    procedure=procedure,
                    procedure_version=version,
                    applicant=applicant,
                    department=procedure.department,
                )
            application.channel = channel
            application.data = public
            application.secret_data = secrets
            application.idempotency_key = idempotency_key or None
            application.state = State.SUBMITTED
            application.submitted_at = now
            application.submitted_by = _actor(by)
            application.receipt_number = next_receipt_number(now)
            application.due_date = add_business_days(now, procedure.processing_days)
            if signature is not None:
                application.signature_status = (
                    SignatureStatus.VALID if signature.get("valid") else SignatureStatus.INVALID
                )
                application.signature_detail = signature
            application.save()
            _store_attachments(application, checked, by)
            record_event(
                application,
                verb="submitted",
                actor=_actor(by),
                channel=channel,
                data={
                    "receipt_number": application.receipt_number,
                    "procedure": procedure.code,
                    "version": version.number,
                },
            )
            if application.invitation_id:
                PushInvitation.objects.filter(pk=application.invitation_id).update(
                    status=PushInvitation.Status.ANSWERED, answered_at=now
                )
            _notify(application, "submitted")
            _send_state_changed(application, State.DRAFT, State.SUBMITTED, _actor(by))
    except IntegrityError:
        if idempotency_key:
            existing = Application.objects.filter(
                applicant=applicant, idempotency_key=idempotency_key
            ).first()
            if existing is not None:
                existing.was_repeated = True
                return existing
        raise
    return application


def submit_draft(
    application: Application, *, by, idempotency_key: str | None = None, signature: dict | None = None
) -> Application:
    """The resident's final 「申請する」 on a saved draft."""
    ensure_owner(by, application)
    return submit_application(
        application.procedure,
        applicant=application.applicant,
        data=full_data(application),
        channel=Channel.ONLINE,
        by=by,
        idempotency_key=idempotency_key,
        draft=application,
        signature=signature,
    )


def register_paper_application(
    procedure,
    *,
    applicant: Person,
    data: dict,
    by,
    channel: str = Channel.PAPER,
    received_at=None,
    attachments=(),
    idempotency_key: str | None = None,
) -> Application:
    """Staff register a paper, postal or counter application in the same record as online ones."""
    if channel not in (Channel.PAPER, Channel.POSTAL, Channel.COUNTER):
        raise ValidationError(_("紙・郵送・窓口のいずれかを選んでください。"))
    ensure_department_access(by, procedure.department_id, access.CASE_REGISTER)
    return submit_application(
        procedure,
        applicant=applicant,
        data=data,
        channel=channel,
        by=by,
        idempotency_key=idempotency_key,
        attachments=attachments,
        received_at=received_at,
    )


def record_signature(application: Application, *, valid: bool, detail: dict) -> Application:
    """Keep the result of verifying the resident's card signature over the submitted data."""
    application.signature_status = SignatureStatus.VALID if valid else SignatureStatus.INVALID
    application.signature_detail = detail
    application.save(update_fields=["signature_status", "signature_detail", "updated_at"])
    record_event(application, verb="signature_verified" if valid else "signature_invalid", data={})
    return application


# ---------------------------------------------------------------- workflow


def _move(application: Application, *, to: str, by, verb: str):
    """Lock the row, read its current state into `application`, and move it (or refuse)."""
    application.state = (
        Application.objects.select_for_update().values_list("state", flat=True).get(pk=application.pk)
    )
    from_state = application.state
    application.transition(to=to)
    return application, from_state


def _finish(
    application, from_state, *, by, verb, data=None, channel=Channel.SYSTEM, extra_fields=(), template=None
):
    application.save(update_fields=["state", "updated_at", *extra_fields])
    record_event(application, verb=verb, actor=_actor(by), channel=channel, data=data or {})
    _notify(application, template or verb)
    _send_state_changed(application, from_state, application.state, _actor(by))
    return application


@transaction.atomic
def start_review(application: Application, *, by) -> Application:
    """審査中: a staff member takes the case up."""
    ensure_department_access(by, application, access.CASE_REVIEW)
    application, from_state = _move(application, to=State.UNDER_REVIEW, by=by, verb="review_started")
    extra = []
    if application.assignee_id is None:
        application.assignee = by
        extra.append("assignee")
    return _finish(application, from_state, by=by, verb="review_started", extra_fields=extra)


@transaction.atomic
def request_correction(application: Application, *, by, reason: str) -> Application:
    """補正依頼: send the application back to the resident with what must change."""
    ensure_department_access(by, application, access.CASE_REVIEW)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("補正を依頼する内容を入力してください。")]})
    application, from_state = _move(
        application, to=State.CORRECTION_REQUESTED, by=by, verb="correction_requested"
    )
    application.correction_reason = reason.strip()
    application.correction_started_on = timezone.localdate()
    return _finish(
        application,
        from_state,
        by=by,
        verb="correction_requested",
        data={"reason": application.correction_reason},
        extra_fields=["correction_reason", "correction_started_on"],
    )


@transaction.atomic
def resubmit(
    application: Application,
    *,
    by,
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
    _validate(application.procedure_version, data)
    checked = check_attachments(application.procedure, attachments)
    application, from_state = _move(application, to=State.RESUBMITTED, by=by, verb="resubmitted")
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
    _store_attachments(application, checked, by)
    return _finish(
        application,
        from_state,
        by=by,
        verb="resubmitted",
        channel=Channel.ONLINE,
        data={"signed": True} if signature is not None else None,
        extra_fields=extra_fields,
    )


EXAMINING_VERBS = ("review_started", "correction_requested")


def ensure_may_decide(application: Application, by) -> None:
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
def approve(application: Application, *, by, note: str = "") -> Application:
    """承認 (決裁)."""
    ensure_may_decide(application, by)
    application, from_state = _move(application, to=State.APPROVED, by=by, verb="approved")
    application.decided_at = timezone.now()
    application.decision_reason = note
    return _finish(
        application, from_state, by=by, verb="approved", extra_fields=["decided_at", "decision_reason"]
    )


@transaction.atomic
def reject(application: Application, *, by, reason: str) -> Application:
    """却下, with the reason the resident is told."""
    ensure_may_decide(application, by)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("却下の理由を入力してください。")]})
    application, from_state = _move(application, to=State.REJECTED, by=by, verb="rejected")
    application.decided_at = timezone.now()
    application.decision_reason = reason.strip()
    return _finish(
        application,
        from_state,
        by=by,
        verb="rejected",
        data={"reason": application.decision_reason},
        extra_fields=["decided_at", "decision_reason"],
    )


@transaction.atomic
def complete(application: Application, *, by) -> Application:
    """完了: the result has reached the resident (certificate issued, allowance set, …)."""
    ensure_department_access(by, application, access.CASE_REVIEW)
    application, from_state = _move(application, to=State.COMPLETED, by=by, verb="completed")
    application.completed_at = timezone.now()
    return _finish(application, from_state, by=by, verb="completed", extra_fields=["completed_at"])


@transaction.atomic
def withdraw(application: Application, *, by, reason: str = "") -> Application:
    """取下げ: by the resident (their own application) or by staff on the resident's request."""
    if not is_owner(by, application):
        ensure_department_access(by, application, access.CASE_REVIEW)
    application, from_state = _move(application, to=State.WITHDRAWN, by=by, verb="withdrawn")
    if from_state == State.DRAFT:
        application.save(update_fields=["state", "updated_at"])
        return application
    return _finish(
        application, from_state, by=by, verb="withdrawn", data={"reason": reason} if reason else {}
    )


@transaction.atomic
def assign(application: Application, *, by, assignee) -> Application:
    """担当者の割当て (within the department)."""
    ensure_department_access(by, application, access.CASE_REVIEW)
    if assignee is not None:
        ensure_department_access(assignee, application, access.CASE_VIEW)
    application.assignee = assignee
    application.save(update_fields=["assignee", "updated_at"])
    record_event(
        application,
        verb="assigned",
        actor=_actor(by),
        data={"assignee": assignee.get_username() if assignee else ""},
    )
    return application


@transaction.atomic
def add_note(application: Application, *, by, text: str) -> InternalNote:
    ensure_department_access(by, application, access.CASE_VIEW)
    if not (text or "").strip():
        raise ValidationError({"text": [_("メモを入力してください。")]})
    note = InternalNote.objects.create(application=application, author=by, text=text.strip())
    record_event(application, verb="note_added", actor=_actor(by))
    return note


TRANSITION_SERVICES = {
    "start_review": start_review,
    "request_correction": request_correction,
    "approve": approve,
    "reject": reject,
    "complete": complete,
    "withdraw": withdraw,
}


def reveal_my_numbers(application: Application, *, by, purpose: str) -> dict[str, str]:
    """個人番号 given in the form, for staff with the マイナンバー利用事務 role of the department. Audited."""
    from madoguchi.core import audit

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
    import json

    audit.append(
        action="my_number_revealed",
        actor=by,
        object_type="applications.application",
        object_id=str(application.pk),
        data={"purpose": purpose.strip()},
    )
    return json.loads(application.secret_data) if application.secret_data else {}


def bulk_transition(applications, *, action: str, by, reason: str = "") -> tuple[int, list[str]]:
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
            message = " ".join(getattr(error, "messages", [str(error)]))
            errors.append(f"{application.receipt_number}: {message}")
    return done, errors
