"""Applications (申請): one record for every channel — online, counter, paper, postal.

The workflow is a small state machine: 受付 → 審査中 → 補正依頼 ↔ 再提出 → 承認 / 却下 → 完了
(plus 取下げ). Only `applications.services` changes state, through `Application.transition`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import events_for
from madoguchi.core.fields import EncryptedTextField
from madoguchi.core.models import Channel


class State(models.TextChoices):
    DRAFT = "draft", _("下書き")
    SUBMITTED = "submitted", _("受付")
    UNDER_REVIEW = "under_review", _("審査中")
    CORRECTION_REQUESTED = "correction_requested", _("補正依頼")
    RESUBMITTED = "resubmitted", _("再提出")
    APPROVED = "approved", _("承認")
    REJECTED = "rejected", _("却下")
    COMPLETED = "completed", _("完了")
    WITHDRAWN = "withdrawn", _("取下げ")


# The default workflow. A procedure may narrow it (ui_schema "workflow"), never widen it.
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
    State.SUBMITTED: {
        State.UNDER_REVIEW,
        State.CORRECTION_REQUESTED,
        State.APPROVED,
        State.REJECTED,
        State.WITHDRAWN,
    },
    State.UNDER_REVIEW: {State.CORRECTION_REQUESTED, State.APPROVED, State.REJECTED, State.WITHDRAWN},
    State.CORRECTION_REQUESTED: {State.RESUBMITTED, State.WITHDRAWN},
    State.RESUBMITTED: {
        State.UNDER_REVIEW,
        State.CORRECTION_REQUESTED,
        State.APPROVED,
        State.REJECTED,
        State.WITHDRAWN,
    },
    State.APPROVED: {State.COMPLETED},
    State.REJECTED: set(),
    State.COMPLETED: set(),
    State.WITHDRAWN: set(),
}
OPEN_STATES = [
    State.SUBMITTED,
    State.UNDER_REVIEW,
    State.CORRECTION_REQUESTED,
    State.RESUBMITTED,
    State.APPROVED,
]
FINAL_STATES = [State.REJECTED, State.COMPLETED, State.WITHDRAWN]


# The attachments page's key among the form's steps (a step key is a JSON Schema property name).
ATTACHMENTS_PAGE = "__attachments__"


class InvalidTransition(ValidationError):
    pass


class SignatureStatus(models.TextChoices):
    NONE = "none", _("署名なし")
    VALID = "valid", _("有効な電子署名")
    INVALID = "invalid", _("署名を検証できません")


class ReceiptCounter(models.Model):  # noqa: DJ008  (internal)
    """The last receipt number issued in a 年度; locked while the next one is taken."""

    fiscal_year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class ApplicationQuerySet(models.QuerySet):
    def received(self):
        """受付済み: what the city has received. A draft, even one the resident discarded, never
        reached the city and stays the resident's alone."""
        return self.filter(receipt_number__isnull=False)


class Application(models.Model):
    """申請: what a resident asked for, on any channel, and where the case stands."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    receipt_number = models.CharField(_("受付番号"), max_length=20, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("手続"), on_delete=models.PROTECT, related_name="applications"
    )
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", verbose_name=_("様式の版"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        "core.Person", verbose_name=_("申請者"), on_delete=models.PROTECT, related_name="applications"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="applications"
    )
    channel = models.CharField(
        _("受付チャネル"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    state = models.CharField(
        _("状態"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    data = models.JSONField(_("申請内容"), default=dict, blank=True)
    # 個人番号 fields of the form, as JSON {path: number}, encrypted; `data` holds them masked.
    secret_data = EncryptedTextField(blank=True, editable=False)
    current_step = models.PositiveSmallIntegerField(default=0)
    correction_started_on = models.DateField(null=True, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )
    submitted_at = models.DateTimeField(_("受付日時"), null=True, blank=True, db_index=True)
    due_date = models.DateField(_("処理期限"), null=True, blank=True)
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    correction_reason = models.TextField(_("補正依頼の内容"), blank=True)
    # The page the correction is about (a step's key, or ATTACHMENTS_PAGE); "" = from the start.
    correction_step = models.CharField(_("補正を依頼した画面"), max_length=60, blank=True)
    # What was sent before the correction request (answers, attachments), to show staff the changes.
    correction_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    decision_reason = models.TextField(_("決定理由"), blank=True)
    signature_status = models.CharField(
        _("電子署名"), max_length=10, choices=SignatureStatus.choices, default=SignatureStatus.NONE
    )
    signature_detail = models.JSONField(_("署名検証結果"), default=dict, blank=True)
    invitation = models.ForeignKey(
        "applications.PushInvitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    # Not stored: True on the application that a repeated submit returns (the API answers 200).
    was_repeated: bool = False

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="unique_application_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["department", "state", "due_date"])]
        verbose_name = _("申請")
        verbose_name_plural = _("申請")

    def __str__(self) -> str:
        return self.receipt_number or f"{self.procedure} ({self.get_state_display()})"

    def allowed_transitions(self) -> set[str]:
        allowed = set(TRANSITIONS[self.state])
        workflow = (self.procedure_version.ui_schema or {}).get("workflow")
        if workflow and self.state in workflow:
            allowed &= set(workflow[self.state])
        return allowed

    def can_transition(self, to: str) -> bool:
        return to in self.allowed_transitions()

    def transition(self, *, to: str) -> None:
        if not self.can_transition(to):
            raise InvalidTransition(
                _("「%(from)s」の申請を「%(to)s」にすることはできません。")
                % {"from": State(self.state).label, "to": State(to).label}
            )
        self.state = to

    def events(self):
        return events_for(self)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def resident_can_withdraw(self) -> bool:
        return self.state in (
            State.DRAFT,
            State.SUBMITTED,
            State.UNDER_REVIEW,
            State.CORRECTION_REQUESTED,
            State.RESUBMITTED,
        )


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the resident's file name on disk: it may hold personal data.
    return f"applications/{instance.application.public_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """添付書類: stored in Django storage, served only to the owner and the owning department."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("書類の種類"), max_length=60)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("ファイル名"), max_length=200)
    content_type = models.CharField(_("形式"), max_length=100)
    size = models.PositiveIntegerField(_("サイズ"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("添付書類")
        verbose_name_plural = _("添付書類")

    def __str__(self) -> str:
        return self.original_name


class InternalNote(models.Model):
    """内部メモ: staff notes on a case, never shown to the resident."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("メモ"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("内部メモ")
        verbose_name_plural = _("内部メモ")

    def __str__(self) -> str:
        return self.text[:40]


class PushInvitation(models.Model):
    """プッシュ型案内: the city invites a resident to a procedure, with a prefilled draft and a deadline."""

    class Status(models.TextChoices):
        SENT = "sent", _("案内済み")
        ANSWERED = "answered", _("申請済み")
        EXPIRED = "expired", _("期限切れ")

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="invitations")
    rule = models.CharField(_("案内ルール"), max_length=60)
    period = models.CharField(_("対象期間"), max_length=20)
    deadline = models.DateField(_("提出期限"))
    status = models.CharField(_("状況"), max_length=10, choices=Status.choices, default=Status.SENT)
    draft = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "person", "period"], name="unique_push_invitation")
        ]
        verbose_name = _("プッシュ型案内")
        verbose_name_plural = _("プッシュ型案内")

    def __str__(self) -> str:
        return f"{self.procedure} → {self.person}"
