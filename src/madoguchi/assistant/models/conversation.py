"""The assistant's conversation records: the question log (masked: no personal data), the
residents' "did this help?" answers, and the hand-offs to staff (an inquiry while the city hall is
open, a callback request otherwise).

Only the contact fields of an inquiry or a callback request (name, phone, e-mail) hold personal
data; every copy of what the resident asked is masked (`assistant.masking`) before it is saved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department


class Via(models.TextChoices):
    """Where the question was asked."""

    PAGE = "page", _("質問ページ")
    WIDGET = "widget", _("ページ内の案内")
    API = "api", _("API")
    LINE = "line", _("LINE")


class QuestionLog(models.Model):
    """質問の記録: one question and what the assistant answered. `text` is masked."""

    asked_at = models.DateTimeField(_("質問日時"), default=timezone.now, db_index=True)
    text = models.CharField(_("質問（マスク済み）"), max_length=500)
    masked = models.JSONField(_("マスクした項目"), default=list, blank=True)  # ["phone", …]
    language = models.CharField(_("言語"), max_length=8, default="ja")
    via = models.CharField(_("経路"), max_length=10, choices=Via.choices, default=Via.PAGE)
    confident = models.BooleanField(_("回答できた"), default=False)
    top_score = models.FloatField(_("最上位の確からしさ"), null=True, blank=True)
    answers = models.JSONField(
        _("示した回答"), default=list, blank=True
    )  # [{title, url, source, score, faq_id}]
    faq = models.ForeignKey(
        "assistant.Faq",
        verbose_name=_("最上位のFAQ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("回答の担当部署"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The learning loop: an FAQ author added this question to an FAQ, or set it aside.
    added_to = models.ForeignKey(
        "assistant.Faq",
        verbose_name=_("追加したFAQ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("対象外にした日時"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["confident", "asked_at"])]
        verbose_name = _("質問の記録")
        verbose_name_plural = _("質問の記録")

    def __str__(self) -> str:
        return self.text


class Feedback(models.Model):
    """「役に立ちましたか」: the resident's yes/no on one answer (the last answer counts)."""

    log = models.OneToOneField(QuestionLog, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField(_("役に立った"))
    at = models.DateTimeField(_("回答日時"), default=timezone.now)

    class Meta:
        verbose_name = _("回答への評価")
        verbose_name_plural = _("回答への評価")

    def __str__(self) -> str:
        return f"{self.log_id}: {'yes' if self.helpful else 'no'}"


class Inquiry(models.Model):
    """問合せ: a question handed to the answering department's staff while the city hall is open."""

    class Status(models.TextChoices):
        OPEN = "open", _("未対応")
        ANSWERED = "answered", _("回答済み")
        CLOSED = "closed", _("完了")

    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="assistant_inquiries"
    )
    log = models.ForeignKey(
        QuestionLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    question = models.CharField(_("質問（マスク済み）"), max_length=500)
    details = models.TextField(_("詳しい内容（マスク済み）"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("問い合わせた住民のアカウント"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("氏名"), max_length=100, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(_("職員の回答"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("受付日時"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"])]
        verbose_name = _("問合せ")
        verbose_name_plural = _("問合せ")

    def __str__(self) -> str:
        return self.question


class CallbackRequest(models.Model):
    """折返しの依頼: outside opening hours, the resident asks the department to call or write back."""

    class When(models.TextChoices):
        ANY = "any", _("いつでもよい")
        MORNING = "morning", _("午前（8:30〜12:00）")
        AFTERNOON = "afternoon", _("午後（13:00〜17:00）")

    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="assistant_callbacks"
    )
    log = models.ForeignKey(
        QuestionLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks"
    )
    question = models.CharField(_("質問（マスク済み）"), max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("依頼した住民のアカウント"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("氏名"), max_length=100)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    preferred_on = models.DateField(_("希望日"), null=True, blank=True)
    preferred_time = models.CharField(
        _("希望の時間帯"), max_length=10, choices=When.choices, default=When.ANY
    )
    done_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("対応メモ"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("受付日時"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["department", "done_at"])]
        verbose_name = _("折返しの依頼")
        verbose_name_plural = _("折返しの依頼")

    def __str__(self) -> str:
        return self.question
