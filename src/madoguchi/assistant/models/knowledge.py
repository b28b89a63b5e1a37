"""The assistant's knowledge: FAQ entries the departments write (question, the ways residents ask
it, a plain answer in Japanese and English, links to procedures / life events / pages, who
reviewed it and when), and the synonym groups the city edits (保育園 = 保育所 = 保育施設).

Procedures, life events and counter information are not copied here: the retrieval index reads
them through their apps' public services (assistant/retrieval/sources.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department


class Faq(models.Model):
    """よくある質問: one question a department answers, with its variants."""

    key = models.SlugField(_("識別子"), max_length=80, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="assistant_faqs"
    )
    question = models.CharField(_("質問"), max_length=200)
    question_en = models.CharField(_("質問（英語）"), max_length=300, blank=True)
    answer = models.TextField(_("回答"))
    answer_en = models.TextField(_("回答（英語）"), blank=True)
    procedure_codes = models.JSONField(_("関連する手続（手続コード）"), default=list, blank=True)
    life_events = models.JSONField(_("関連するライフイベント"), default=list, blank=True)
    links = models.JSONField(_("関連するページ"), default=list, blank=True)  # [{"title", "url"}]
    url = models.CharField(_("詳しい案内のURL"), max_length=300, blank=True)
    review_on = models.DateField(_("次の見直し日"), null=True, blank=True)
    reviewed_on = models.DateField(_("見直した日"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("見直した職員"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_published = models.BooleanField(_("公開"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["department", "key"]
        indexes = [models.Index(fields=["is_published", "department"])]
        verbose_name = _("よくある質問")
        verbose_name_plural = _("よくある質問")

    def __str__(self) -> str:
        return self.question

    def localized_question(self) -> str:
        return self.question_en if get_language() == "en" and self.question_en else self.question

    def localized_answer(self) -> str:
        return self.answer_en if get_language() == "en" and self.answer_en else self.answer


class FaqVariant(models.Model):
    """Another way residents ask the same question (言い換え)."""

    faq = models.ForeignKey(Faq, on_delete=models.CASCADE, related_name="variants")
    text = models.CharField(_("言い換え"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["faq", "pk"]
        constraints = [models.UniqueConstraint(fields=["faq", "text"], name="assistant_variant_unique")]
        verbose_name = _("質問の言い換え")
        verbose_name_plural = _("質問の言い換え")

    def __str__(self) -> str:
        return self.text


class SynonymGroup(models.Model):
    """同義語: words residents use for the same thing; the first term is the city's own word."""

    terms = models.JSONField(_("語"), default=list)
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("同義語")
        verbose_name_plural = _("同義語")

    def __str__(self) -> str:
        return "・".join(self.terms)
