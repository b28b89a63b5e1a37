"""Electronic delivery (電子交付) and fees (手数料): signed documents and payments.

An `IssuedDocument` is a signed PDF the city issued (罹災証明書, 受理証明書, 決定通知書); the
verification page compares what a person holds with the stored fingerprint. A `Payment` is one
fee for one application, moved only by `delivery.services` and the payment provider's webhooks.
Applications are referred to as (subject_type, subject_id) like Events, so this app does not
depend on another app's tables.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    RISAI = "risai", _("罹災証明書")
    RECEIPT = "receipt", _("受理証明書")
    DECISION = "decision", _("決定通知書")
    CERTIFICATE = "certificate", _("証明書")


class IssuedDocument(models.Model):
    """交付文書: one signed PDF, findable by its document number (文書番号)."""

    number = models.CharField(_("文書番号"), max_length=40, unique=True)
    kind = models.CharField(_("種類"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("表題"), max_length=100)
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="issued_documents"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_type = models.CharField(max_length=100, blank=True)  # e.g. "applications.application"
    subject_id = models.CharField(max_length=64, blank=True)
    receipt_number = models.CharField(_("受付番号"), max_length=40, blank=True)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    signer_subject = models.CharField(_("署名者"), max_length=300, blank=True)
    timestamped = models.BooleanField(_("タイムスタンプ付き"), default=False)
    issued_at = models.DateTimeField(_("交付日時"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField(_("失効の理由"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        verbose_name = _("交付文書")
        verbose_name_plural = _("交付文書")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"


class PaymentState(models.TextChoices):
    CREATED = "created", _("支払い前")
    PENDING = "pending", _("決済確認中")
    CAPTURED = "captured", _("支払い済み")
    DECLINED = "declined", _("決済不可")
    FAILED = "failed", _("決済エラー")
    REFUNDED = "refunded", _("返金済み")
    PARTIALLY_REFUNDED = "partially_refunded", _("一部返金済み")
    CANCELED = "canceled", _("取消し")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("クレジットカード")
    PAYEASY = "payeasy", _("ペイジー")
    KONBINI = "konbini", _("コンビニ払い")
    POSTAL_ORDER = "postal_order", _("定額小為替")
    CASH = "cash", _("現金（窓口）")


def new_payment_reference() -> str:
    return "PAY-" + secrets.token_hex(8).upper()


class Payment(models.Model):
    """手数料の支払い: one fee for one application, in whole yen."""

    class Timing(models.TextChoices):
        BEFORE_SUBMIT = "before_submit", _("申請前")
        AFTER_APPROVAL = "after_approval", _("決定後")

    reference = models.CharField(_("決済番号"), max_length=40, unique=True, default=new_payment_reference)
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True, db_index=True)
    receipt_number = models.CharField(_("受付番号"), max_length=40, blank=True)
    procedure_code = models.CharField(_("手続コード"), max_length=60, db_index=True)
    procedure_name = models.CharField(_("手続名"), max_length=200, blank=True)
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveIntegerField(_("金額（円）"))
    refunded_amount = models.PositiveIntegerField(_("返金額（円）"), default=0)
    timing = models.CharField(_("支払時期"), max_length=20, choices=Timing.choices)
    provider = models.CharField(_("決済事業者"), max_length=30)
    provider_payment_id = models.CharField(_("決済事業者の取引ID"), max_length=100, blank=True, db_index=True)
    state = models.CharField(
        _("状態"), max_length=20, choices=PaymentState.choices, default=PaymentState.CREATED
    )
    failure_code = models.CharField(_("エラーコード"), max_length=60, blank=True)
    method = models.CharField(_("支払方法"), max_length=20, choices=PaymentMethod.choices, blank=True)
    # Pay-easy / convenience-store numbers the resident pays with (no card data is ever kept).
    instructions = models.JSONField(_("支払番号など"), default=dict, blank=True)
    captured_at = models.DateTimeField(_("支払日時"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("返金日時"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refunded_amount__lte=models.F("amount")), name="refund_not_above_amount"
            )
        ]
        verbose_name = _("支払い")
        verbose_name_plural = _("支払い")

    def __str__(self) -> str:
        return f"{self.reference} ¥{self.amount:,} {self.get_state_display()}"

    @property
    def is_paid(self) -> bool:
        return self.state in {PaymentState.CAPTURED, PaymentState.PARTIALLY_REFUNDED}


class WebhookReceipt(models.Model):  # noqa: DJ008  (internal)
    """A webhook event already handled: replays with the same event id change nothing."""

    provider = models.CharField(max_length=30)
    event_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=60)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="unique_webhook_event")]


class SandboxCharge(models.Model):  # noqa: DJ008  (the sandbox gateway's own books)
    """The sandbox card gateway's side of a payment: what a real gateway keeps on its servers.

    Only `payments.sandbox` touches this table; the city's records are `Payment`.
    """

    class Status(models.TextChoices):
        OPEN = "open", "open"
        AWAITING = "awaiting", "awaiting"  # Pay-easy / konbini number issued, not paid yet
        SUCCEEDED = "succeeded", "succeeded"
        FAILED = "failed", "failed"
        REFUNDED = "refunded", "refunded"
        PARTIALLY_REFUNDED = "partially_refunded", "partially_refunded"

    session_id = models.CharField(max_length=40, unique=True)
    charge_id = models.CharField(max_length=40, blank=True)
    merchant_reference = models.CharField(max_length=40)
    amount = models.PositiveIntegerField()
    refunded = models.PositiveIntegerField(default=0)
    return_url = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    failure_code = models.CharField(max_length=60, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    method = models.CharField(max_length=20, blank=True)  # card | payeasy | konbini
    instructions = models.JSONField(default=dict, blank=True)  # Pay-easy / konbini numbers
    captured_at = models.DateTimeField(null=True, blank=True)
    refund_log = models.JSONField(
        default=list, blank=True
    )  # [{"id", "amount", "at"}] for the settlement file
    idempotency_keys = models.JSONField(default=dict, blank=True)  # key → stored response
    pending_webhooks = models.JSONField(default=list, blank=True)  # delayed deliveries (timeouts)
    created_at = models.DateTimeField(auto_now_add=True)


class DocumentCounter(models.Model):  # noqa: DJ008  (internal)
    """The last document number of a 年度; locked while the next one is taken."""

    fiscal_year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class PaymentRefund(models.Model):
    """返金: one refund of (part of) a payment, for the day's reconciliation."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(_("返金額（円）"))
    provider_refund_id = models.CharField(max_length=100)
    reason = models.TextField(_("返金の理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("返金")
        verbose_name_plural = _("返金")

    def __str__(self) -> str:
        return f"{self.payment.reference} -¥{self.amount:,}"


class Mailing(models.Model):
    """郵送: one certificate mailed to the resident's registered address, with its tracking number."""

    class Method(models.TextChoices):
        TOKUTEI = "tokutei", _("特定記録郵便")
        KANI_KAKITOME = "kani_kakitome", _("簡易書留")

    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True, db_index=True)
    receipt_number = models.CharField(_("受付番号"), max_length=40, blank=True)
    procedure_code = models.CharField(_("手続コード"), max_length=60)
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="mailings"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(_("宛名"), max_length=100)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    address = models.CharField(_("送付先住所"), max_length=300)
    contents = models.CharField(_("内容"), max_length=200)
    copies = models.PositiveSmallIntegerField(_("通数"), default=1)
    method = models.CharField(_("郵送方法"), max_length=20, choices=Method.choices, default=Method.TOKUTEI)
    tracking_number = models.CharField(_("追跡番号（お問い合わせ番号）"), max_length=20)
    mailed_at = models.DateTimeField(_("発送日時"))
    mailed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-mailed_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        verbose_name = _("郵送記録")
        verbose_name_plural = _("郵送記録")

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.tracking_number}"


class FeeExemption(models.Model):
    """手数料の免除: the ordinance's reason, who confirmed it, and how much was waived."""

    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True, db_index=True)
    receipt_number = models.CharField(_("受付番号"), max_length=40, blank=True)
    procedure_code = models.CharField(_("手続コード"), max_length=60)
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="fee_exemptions"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("免除の理由"), max_length=30)  # fee-ordinance.json "exemptions" code
    note = models.TextField(_("確認した内容"), blank=True)
    amount_waived = models.PositiveIntegerField(_("免除額（円）"))
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("手数料の免除")
        verbose_name_plural = _("手数料の免除")

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.reason} ¥{self.amount_waived:,}"


class SettlementReconciliation(models.Model):
    """One day's settlement file (精算データ) from a provider checked against the city's payments."""

    provider = models.CharField(_("決済事業者"), max_length=30)
    day = models.DateField(_("対象日"))
    file_sha256 = models.CharField(max_length=64)
    matched = models.PositiveIntegerField(_("一致"), default=0)
    settlement_total = models.IntegerField(_("精算データの合計（円）"), default=0)
    city_total = models.IntegerField(_("市の記録の合計（円）"), default=0)
    discrepancies = models.JSONField(_("不一致"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("精算データの照合")
        verbose_name_plural = _("精算データの照合")

    def __str__(self) -> str:
        return f"{self.provider} {self.day}"

    @property
    def is_matched(self) -> bool:
        return not self.discrepancies and self.settlement_total == self.city_total
