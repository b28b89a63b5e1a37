"""受付 on every channel: online (a draft, or the API), paper, postal and the counter all land in
the same record, each with exactly one "submitted" Event (pdca counts the online share from them).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access, notifications
from madoguchi.core.events import record_event
from madoguchi.core.japanese import add_business_days
from madoguchi.core.models import Channel, Person, User
from madoguchi.procedures.services import prune, validate_form_data

from ..attachments import CheckedFile, check_attachments
from ..events import Verb
from ..models import Application, PushInvitation, SignatureStatus, State
from ..secrets import split_secrets
from .cases import ensure_department_access, ensure_owner
from .common import (
    actor_of,
    applicant_notice,
    ensure_attachments,
    next_receipt_number,
    save_numbered,
    send_state_changed,
    store_files,
)
from .drafts import full_data
from .workflow import resubmit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def submit_application(
    procedure,
    *,
    applicant: Person,
    data: dict,
    channel: str,
    by: User | AnonymousUser | None,  # None: the system
    idempotency_key: str | None = None,
    attachments=(),
    draft: Application | None = None,
    received_at=None,
    signature: dict | None = None,
    documents_received=(),
) -> Application:
    """受付: validate against the form schema, give a receipt number, write one "submitted" Event.

    Invalid data raises FormDataError (per-field messages) and stores nothing; so does a missing
    document that the answers make required (`ensure_attachments`, on every channel): uploaded in
    `attachments`, or, on paper, postal and counter channels, handed over on paper
    (`documents_received`: the kinds staff received, kept in the Event). With an
    `idempotency_key`, a repeated submit (double click, retry, concurrent request) returns the
    application the first one created: the unique (applicant, key) refuses a second one.
    """
    if draft is not None:
        if draft.state != State.DRAFT:
            return draft  # already submitted: a repeated click
        version = draft.procedure_version
    else:
        version = procedure.current_version
    try:
        if version is None or not procedure.is_published:
            raise ValidationError(_("この手続は現在受け付けていません。"))
        if channel == Channel.ONLINE and "online" not in (procedure.channels or []):
            raise ValidationError(_("この手続はオンラインでは受け付けていません。"))
        data = prune(version.ui_schema, data)  # answers to fields hidden by a condition are dropped
        validate_form_data(version.schema, data)
        checked = check_attachments(procedure, attachments)
        received = _received_on_paper(procedure, channel, documents_received)
        have = set(draft.attachments.values_list("kind", flat=True)) if draft else set()
        have |= {c.kind for c in checked} | received
        ensure_attachments(procedure, version, data, have=have)
    except ValidationError:
        # A retry of a submit that was accepted returns it, even if the form has changed since.
        earlier = _repeated(applicant, idempotency_key)
        if earlier is None:
            raise
        return earlier
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
            application.submitted_by = actor_of(by)
            application.due_date = add_business_days(now, procedure.processing_days)
            if signature is not None:
                application.signature_status = (
                    SignatureStatus.VALID if signature.get("valid") else SignatureStatus.INVALID
                )
                application.signature_detail = signature
            # The year's counter stays locked from here to the commit, and every submit waits for
            # it (the audit head too): only the writes follow, nothing that could come before.
            if draft is None:
                save_numbered(application, now)
            else:
                application.receipt_number = next_receipt_number(now)
                application.save()
            store_files(application, checked, by)
            notices = applicant_notice(application, "submitted")
            record_event(
                application,
                verb=Verb.SUBMITTED,
                actor=actor_of(by),
                channel=channel,
                data={
                    "receipt_number": application.receipt_number,
                    "procedure": procedure.code,
                    "version": version.number,
                    **({"documents_received": sorted(received)} if received else {}),
                },
                along=notices,  # written in the Event's statement
            )
            notifications.queue(notices)
            if application.invitation_id:
                PushInvitation.objects.filter(pk=application.invitation_id).update(
                    status=PushInvitation.Status.ANSWERED, answered_at=now
                )
            send_state_changed(application, State.DRAFT, State.SUBMITTED, actor_of(by))
    except IntegrityError:
        # A retry (or a concurrent double click): the key is taken, by the first application.
        earlier = _repeated(applicant, idempotency_key)
        if earlier is None:
            raise
        return earlier
    return application


def _repeated(applicant: Person, idempotency_key: str | None) -> Application | None:
    """The application an earlier submit with `idempotency_key` created, marked `was_repeated`.

    Looked up only when a submit fails (its key is taken, or its data no longer passes), not
    before every submit: the unique key decides, and the first submit's answer is returned."""
    if not idempotency_key:
        return None
    earlier = (
        Application.objects.filter(applicant=applicant, idempotency_key=idempotency_key)
        .exclude(state=State.DRAFT)  # a draft carrying the key is the one being submitted
        .first()
    )
    if earlier is not None:
        earlier.was_repeated = True
    return earlier


def _received_on_paper(procedure, channel: str, kinds) -> set[str]:
    """Documents staff received on paper (paper, postal, counter): each a kind the procedure takes."""
    kinds = {str(kind) for kind in kinds or ()}
    if not kinds:
        return set()
    if channel == Channel.ONLINE:
        raise ValidationError(_("オンラインの申請では、紙で受け取った書類は登録できません。"))
    unknown = sorted(kind for kind in kinds if procedure.attachment_spec(kind) is None)
    if unknown:
        raise ValidationError(
            _("この手続では受け付けていない書類の種類です: %(kinds)s") % {"kinds": "、".join(unknown)}
        )
    return kinds


def submit_draft(
    application: Application, *, by: User, idempotency_key: str | None = None, signature: dict | None = None
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
    by: User,
    channel: str = Channel.PAPER,
    received_at=None,
    attachments=(),
    idempotency_key: str | None = None,
    documents_received=(),
    scan: tuple[str, bytes] | None = None,
) -> Application:
    """Staff register a paper, postal or counter application in the same record as online ones.

    Each document the answers make required is either scanned (`attachments`) or ticked as
    received on paper (`documents_received`). `scan`: (file name, PDF bytes) of the paper form
    itself as scanned (the paper app's AI-OCR intake), kept beside the case as kind "paper_scan"."""
    if channel not in (Channel.PAPER, Channel.POSTAL, Channel.COUNTER):
        raise ValidationError(_("紙・郵送・窓口のいずれかを選んでください。"))
    ensure_department_access(by, procedure.department_id, access.CASE_REGISTER)
    with transaction.atomic():
        application = submit_application(
            procedure,
            applicant=applicant,
            data=data,
            channel=channel,
            by=by,
            idempotency_key=idempotency_key,
            attachments=attachments,
            received_at=received_at,
            documents_received=documents_received,
        )
        if scan is not None and not getattr(application, "was_repeated", False):
            name, content = scan
            upload = ContentFile(content, name=name)
            checked = CheckedFile(
                "paper_scan",
                upload,
                name,
                "application/pdf",
                len(content),
                hashlib.sha256(content).hexdigest(),
            )
            store_files(application, [checked], by)
    return application


def send_application(
    application: Application, *, by: User, idempotency_key: str | None = None, signature: dict | None = None
) -> Application:
    """The resident's 「申請する」 on their draft, or 「再提出する」 on a case sent back for
    correction (補正): one entry for both, so the pages and the signing return cannot differ.
    `signature` is the verified card signature over the data (card_sign procedures)."""
    if application.state == State.CORRECTION_REQUESTED:
        return resubmit(application, by=by, signature=signature)
    return submit_draft(application, by=by, idempotency_key=idempotency_key, signature=signature)
