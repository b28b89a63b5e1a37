"""The procedure catalog (手続): what residents can apply for, and the versioned forms they fill in.

A Procedure says who owns it, who may apply, what it costs and how long it takes; its form lives
in ProcedureVersion (JSON Schema 2020-12 + a small UI schema). Publishing a changed form makes a
new version, and an application keeps the version it started on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from madoguchi.core.fields import OrderedJSONField
from madoguchi.identity.assurance import AssuranceLevel


class Category(models.TextChoices):
    CHILDCARE = "childcare", _("子育て")
    NURSING_CARE = "nursing_care", _("介護")
    DISASTER = "disaster", _("災害・被災者支援")
    MOVING = "moving", _("引越し・住所変更")
    LIFE_EVENT = "life_event", _("届出・ライフイベント")
    CERTIFICATES = "certificates", _("証明書")
    INSURANCE = "insurance", _("保険・年金")
    WELFARE = "welfare", _("福祉")
    HEALTH = "health", _("健康")
    OTHER = "other", _("その他")


class PaymentTiming(models.TextChoices):
    NONE = "none", _("手数料なし")
    BEFORE_SUBMIT = "before_submit", _("申請時に支払い")
    AFTER_APPROVAL = "after_approval", _("承認後に支払い")


def in_language(field: str, japanese: str, english: str, translations: dict | None) -> str:
    """A procedure text in the current language: English from its `*_en` column (or key),
    Chinese/Korean/Vietnamese from `translations` ({"ko": {"name": …}, …}), Japanese where the
    language has none. For rows and for definition files alike."""
    language = get_language() or ""
    translated = english if language == "en" else ((translations or {}).get(language) or {}).get(field)
    return translated or japanese


class Procedure(models.Model):
    """手続: one thing a resident can apply for, owned by one department."""

    code = models.SlugField(_("手続コード"), max_length=60, unique=True)
    number = models.PositiveSmallIntegerField(_("手続番号"), null=True, blank=True)
    name = models.CharField(_("手続名"), max_length=120)
    name_en = models.CharField(_("手続名（英語）"), max_length=200, blank=True)
    kana = models.CharField(_("よみがな"), max_length=200, blank=True)
    keywords = models.JSONField(_("検索キーワード"), default=list, blank=True)
    category = models.CharField(_("分類"), max_length=20, choices=Category.choices, default=Category.OTHER)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="procedures"
    )
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)
    eligibility = models.TextField(_("申請できる人"), blank=True)
    eligibility_en = models.TextField(_("申請できる人（英語）"), blank=True)
    # Hand-written translations for the other interface languages (not English, which has its
    # own columns): {"zh-hans": {"name": …, "description": …, "eligibility": …}, "ko": …, "vi": …}.
    # From the definition file's "translations" key; Japanese shows where one is missing.
    translations = models.JSONField(_("翻訳（中国語・韓国語・ベトナム語）"), default=dict, blank=True)
    required_attachments = models.JSONField(_("添付書類"), default=list, blank=True)
    fee = models.PositiveIntegerField(_("手数料（円）"), default=0)
    payment_timing = models.CharField(
        _("支払時期"), max_length=20, choices=PaymentTiming.choices, default=PaymentTiming.NONE
    )
    processing_days = models.PositiveSmallIntegerField(_("標準処理期間（開庁日）"), default=0)
    legal_basis = models.CharField(_("根拠法令"), max_length=300, blank=True)
    channels = models.JSONField(_("受付方法"), default=list, blank=True)
    assurance = models.CharField(
        _("本人確認の水準"), max_length=20, choices=AssuranceLevel.choices, default=AssuranceLevel.CARD_AUTH
    )
    requires_my_number = models.BooleanField(_("個人番号が必要"), default=False)
    decision_by_another = models.BooleanField(
        _("審査した職員以外が決裁する"),
        default=False,
        help_text=_("二人で確認する手続（給付の決定など）: 審査・補正依頼をした職員は承認・却下できません。"),
    )
    push = models.JSONField(_("プッシュ型案内"), null=True, blank=True)
    is_published = models.BooleanField(_("公開"), default=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "number", "code"]
        verbose_name = _("手続")
        verbose_name_plural = _("手続")

    def __str__(self) -> str:
        return self.name

    def localized(self, field: str) -> str:
        """`field` ("name", "description" or "eligibility") in the current language."""
        return in_language(field, getattr(self, field), getattr(self, f"{field}_en"), self.translations)

    def localized_name(self) -> str:
        return self.localized("name")

    def localized_description(self) -> str:
        return self.localized("description")

    def localized_eligibility(self) -> str:
        return self.localized("eligibility")

    @property
    def current_version(self) -> ProcedureVersion | None:
        """The newest published form (None while nothing is published)."""
        primed = self.__dict__.get("_current_version")
        if primed is not None:
            return primed
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()

    @classmethod
    def published_with_form(cls, code: str) -> Procedure | None:
        """The published procedure `code` with its department and current form, in one query.

        The submit path asks for all three on every request; one join instead of three lookups.
        """
        version = (
            ProcedureVersion.objects.select_related("procedure__department")
            .filter(procedure__code=code, procedure__is_published=True, published_at__isnull=False)
            .order_by("-number")
            .first()
        )
        if version is None:
            return None
        procedure = version.procedure
        procedure.__dict__["_current_version"] = version
        return procedure

    @property
    def is_online(self) -> bool:
        return self.is_published and "online" in (self.channels or [])

    def attachment_spec(self, code: str) -> dict | None:
        return next((a for a in self.required_attachments or [] if a.get("code") == code), None)


class ProcedureVersion(models.Model):
    """One version of a procedure's form. Published versions are never edited, only superseded."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版"))
    # Key order is the form's field order: kept as written on PostgreSQL too (core.fields).
    schema = OrderedJSONField(_("入力項目（JSON Schema）"))
    ui_schema = OrderedJSONField(_("画面構成（UIスキーマ）"), default=dict, blank=True)
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_procedure_version")
        ]
        verbose_name = _("様式の版")
        verbose_name_plural = _("様式の版")

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def documents_on_approval(self) -> list[str]:
        """What approval issues (ui_schema {"delivery": {"on_approval": ["decision"]}}); the delivery
        app reads the same key and issues them."""
        return list(((self.ui_schema or {}).get("delivery") or {}).get("on_approval") or [])
