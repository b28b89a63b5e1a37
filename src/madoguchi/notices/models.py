"""Records of the notices app: each resident's channels in order of preference, one Delivery per
attempt on one channel (with the provider's receipt and the fall-back it led to), the receipts
taken in once each, and the letters with the daily batches they were printed in.

Mobile numbers, LINE user ids and the addresses on letters are personal data (privacy/registry.py:
file "notices")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("メール")
    SMS = "sms", _("SMS（携帯電話のショートメッセージ）")
    LINE = "line", _("LINE")
    LETTER = "letter", _("郵便（封書）")


class ChannelPreference(models.Model):
    """連絡方法の希望: the channels a resident wants notices on, most preferred first. The letter is
    always the last resort (the city can always write to the registered address)."""

    person = models.OneToOneField("core.Person", on_delete=models.CASCADE, related_name="notice_preference")
    order = models.JSONField(_("希望する順"), default=list)  # channel codes
    mobile = models.CharField(_("SMSを受け取る携帯電話番号"), max_length=20, blank=True)
    line_user_id = models.CharField(_("LINEのユーザーID"), max_length=64, blank=True)
    line_link_code = models.CharField(_("LINE連携の確認コード"), max_length=12, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("連絡方法の希望")
        verbose_name_plural = _("連絡方法の希望")

    def __str__(self) -> str:
        return f"{self.person_id}: {', '.join(self.order)}"


class Delivery(models.Model):
    """One attempt to reach a resident on one channel (one core.Notification), with what the
    provider said about it. A failed attempt points to the attempt on the next channel."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("送信待ち")
        ACCEPTED = "accepted", _("送信済み（配達の確認待ち）")
        DELIVERED = "delivered", _("届いた")
        PRINTED = "printed", _("印刷済み（郵送）")
        FAILED = "failed", _("届かなかった")

    notification = models.OneToOneField(
        "core.Notification", on_delete=models.CASCADE, related_name="notice_delivery"
    )
    channel = models.CharField(_("連絡方法"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("状況"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    provider_id = models.CharField(_("事業者のメッセージID"), max_length=64, blank=True, db_index=True)
    error = models.TextField(_("届かなかった理由"), blank=True)
    fallback = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fallback_of",
        verbose_name=_("代わりに送った連絡"),
    )
    receipt_at = models.DateTimeField(_("配達の確認日時"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通知の配達")
        verbose_name_plural = _("通知の配達")

    def __str__(self) -> str:
        return f"{self.channel} #{self.notification_id}: {self.status}"


class Receipt(models.Model):
    """A webhook event taken in (a delivery receipt, a LINE event): each provider event id once,
    so a replayed request changes nothing."""

    provider = models.CharField(max_length=10)
    event_id = models.CharField(max_length=100)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipts"
    )
    status = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="notices_receipt_once")]
        verbose_name = _("配達の通知（受信）")
        verbose_name_plural = _("配達の通知（受信）")

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class LetterBatch(models.Model):
    """その日の郵送分: the letters printed together, as one PDF for the print room and a manifest."""

    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("印刷日"))
    sequence = models.PositiveSmallIntegerField(_("その日の何回目"), default=1)
    pdf = models.FileField(_("印刷用PDF"), upload_to="notices/letters/%Y/%m/", blank=True)
    manifest = models.FileField(_("発送一覧（CSV）"), upload_to="notices/letters/%Y/%m/", blank=True)
    letter_count = models.PositiveIntegerField(_("通数"), default=0)
    page_count = models.PositiveIntegerField(_("枚数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["date", "sequence"], name="notices_batch_once")]
        verbose_name = _("郵送通知の印刷分")
        verbose_name_plural = _("郵送通知の印刷分")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}-{self.sequence}"

    @property
    def number(self) -> str:
        return f"{self.date:%Y%m%d}-{self.sequence:02d}"


class Letter(models.Model):
    """封書: one notice to one resident by post, waiting for the day's batch or printed in one.
    The address is the one at the time of queueing (what was printed stays what was sent)."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="letter")
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("宛名"), max_length=100)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    address = models.CharField(_("住所"), max_length=200)
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    batch = models.ForeignKey(
        LetterBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    position = models.PositiveIntegerField(_("印刷分の中の順番"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("枚数"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "position", "pk"]
        verbose_name = _("郵送通知")
        verbose_name_plural = _("郵送通知")

    def __str__(self) -> str:
        return f"{self.postal_code} {self.name}"
