"""Paper forms read by AI-OCR: the printable templates, the scanned batches, their pages, the
fields read on them and the filled forms that become Applications.

The scan and the crops carry personal data (privacy/registry.py: file "paper-intake"); they are
kept only until the form is accepted into an Application plus the retention period there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from madoguchi.core.fields import EncryptedTextField


class FormTemplate(models.Model):
    """様式: one procedure version's printable form (generated) or the city's own form with zones
    drawn by staff over its page images (drawn). Its Layout (paper.layout) says where each field is."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("申請書の項目から作成")
        DRAWN = "drawn", _("市の様式に読取り位置を指定")

    class State(models.TextChoices):
        ACTIVE = "active", _("使用中")
        RETIRED = "retired", _("廃止")

    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("様式の版")
    )
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("様式名"), max_length=200)
    source = models.CharField(_("作成方法"), max_length=12, choices=Source.choices, default=Source.GENERATED)
    layout = models.JSONField(_("読取り位置（レイアウト）"), default=dict)
    original = models.FileField(_("市の様式（PDF・画像）"), upload_to="paper/forms/%Y/", blank=True)
    state = models.CharField(_("状態"), max_length=10, choices=State.choices, default=State.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title", "-pk"]
        verbose_name = _("紙の様式")
        verbose_name_plural = _("紙の様式")

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE


class ScanBatch(models.Model):
    """スキャンの一括取込み: one uploaded file (a scanner's output), read page by page by a Celery task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("読取り中")
        DONE = "done", _("読取り完了")
        FAILED = "failed", _("失敗")

    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        FormTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("市の様式（読取り位置を指定した様式のとき）"),
    )
    upload = models.FileField(_("スキャンしたファイル"), upload_to="paper/scans/%Y/%m/")
    original_name = models.CharField(_("ファイル名"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    state = models.CharField(_("状態"), max_length=10, choices=State.choices, default=State.QUEUED)
    pages_total = models.PositiveIntegerField(_("ページ数"), default=0)
    pages_done = models.PositiveIntegerField(_("読み取ったページ数"), default=0)
    error = models.TextField(_("エラー"), blank=True)
    attempts = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # a worker's last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("スキャンの取込み")
        verbose_name_plural = _("スキャンの取込み")

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if not self.pages_total:
            return 100 if self.state == self.State.DONE else 0
        return round(100 * self.pages_done / self.pages_total)


class PaperForm(models.Model):
    """記入済みの申請書1通: the pages of one filled form, which become one Application."""

    class State(models.TextChoices):
        VERIFYING = "verifying", _("確認待ち")
        ACCEPTED = "accepted", _("受理済み")

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="forms")
    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="forms")
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状態"), max_length=10, choices=State.choices, default=State.VERIFYING)
    scan = models.FileField(
        _("この申請書のスキャン（PDF）"), upload_to="paper/forms-scanned/%Y/%m/", blank=True
    )
    application_public_id = models.CharField(_("受理した申請"), max_length=40, blank=True)
    receipt_number = models.CharField(_("受付番号"), max_length=40, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("紙の申請書")
        verbose_name_plural = _("紙の申請書")

    def __str__(self) -> str:
        return f"{self.template} #{self.pk}"

    @property
    def idempotency_key(self) -> str:
        """One Application per form, however often the accept is retried."""
        return f"paper-form-{self.pk}"


class ScanPage(models.Model):
    """One page of a batch: matched to a template page, or set aside with the reason (issue)."""

    class Issue(models.TextChoices):
        NONE = "", _("読取り済み")
        BLANK = "blank", _("白紙のページ")
        OTHER_FORM = "other_form", _("この市の様式ではないページ（様式コードが読めません）")
        UNKNOWN_VERSION = "unknown_version", _("存在しない様式・版のコード")
        RETIRED_VERSION = "retired_version", _("廃止した様式の版")
        ORPHAN = "orphan", _("1ページ目のない続きのページ")
        UNREADABLE = "unreadable", _("読み取れない画像")

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="pages")
    index = models.PositiveIntegerField(_("ファイル内のページ番号"))  # from 0
    image = models.FileField(upload_to="paper/pages/%Y/%m/", blank=True)
    form = models.ForeignKey(
        PaperForm, null=True, blank=True, on_delete=models.SET_NULL, related_name="pages"
    )
    template = models.ForeignKey(
        FormTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    form_page = models.PositiveIntegerField(_("様式のページ"), null=True, blank=True)
    issue = models.CharField(_("問題"), max_length=20, choices=Issue.choices, blank=True, default="")
    detail = models.CharField(_("詳細"), max_length=300, blank=True)
    rotated = models.IntegerField(_("回転した角度"), default=0)
    skew = models.FloatField(default=0)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "index"]
        constraints = [models.UniqueConstraint(fields=["batch", "index"], name="paper_unique_batch_page")]
        verbose_name = _("スキャンしたページ")
        verbose_name_plural = _("スキャンしたページ")

    def __str__(self) -> str:
        return f"{self.batch} p.{self.index + 1}"


class FieldReading(models.Model):
    """One field read by the OCR engine, and what staff verified it to be."""

    class State(models.TextChoices):
        PENDING = "pending", _("未確認")
        ACCEPTED = "accepted", _("確認済み（読取りのとおり）")
        CORRECTED = "corrected", _("確認済み（訂正）")
        SECOND_CHECK = "second_check", _("2人目の確認待ち（個人番号）")

    DONE = (State.ACCEPTED, State.CORRECTED)

    form = models.ForeignKey(PaperForm, on_delete=models.CASCADE, related_name="fields")
    page = models.ForeignKey(ScanPage, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("項目"), max_length=200)
    label = models.CharField(_("項目名"), max_length=200)
    kind = models.CharField(_("種類"), max_length=20)
    crop = models.FileField(upload_to="paper/crops/%Y/%m/", blank=True)
    # Encrypted at rest: a field may be a My Number (特定個人情報).
    read_value = EncryptedTextField(_("読み取った値"), blank=True)
    confidence = models.FloatField(_("確からしさ"), default=0)
    verified_value = EncryptedTextField(_("確認した値"), blank=True)
    state = models.CharField(_("状態"), max_length=14, choices=State.choices, default=State.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["confidence", "pk"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="paper_unique_form_field")]
        verbose_name = _("読取り項目")
        verbose_name_plural = _("読取り項目")

    def __str__(self) -> str:
        return self.key

    @property
    def is_done(self) -> bool:
        return self.state in self.DONE

    @property
    def is_my_number(self) -> bool:
        return self.kind == "my_number"
