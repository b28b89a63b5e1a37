"""The plan as data: Plan → Policy (推進方針) → Initiative (取組) → Indicator (指標) → targets and values,
plus the yearly PDCA review of each initiative. Loaded from `data/kokubunji-plan-2022.json`
(`madoguchi plan load`); a city can edit it in the back office or load its own plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _localized(obj, field: str) -> str:
    english = getattr(obj, f"{field}_en", "")
    return english if get_language() == "en" and english else getattr(obj, field)


class Plan(models.Model):
    """計画: e.g. 国分寺市行政デジタル化推進計画 (令和4(2022)年度–令和6(2024)年度)."""

    code = models.SlugField(_("コード"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=300, blank=True)
    municipality_code = models.CharField(_("全国地方公共団体コード"), max_length=6, blank=True)
    period_start_fy = models.PositiveIntegerField(_("計画期間（開始年度）"))
    period_end_fy = models.PositiveIntegerField(_("計画期間（終了年度）"))
    published = models.DateField(_("策定日"), null=True, blank=True)
    summary = models.TextField(_("概要"), blank=True)
    summary_en = models.TextField(_("概要（英語）"), blank=True)
    is_current = models.BooleanField(_("現行の計画"), default=True)

    class Meta:
        ordering = ["-is_current", "-period_start_fy"]
        verbose_name = _("計画")
        verbose_name_plural = _("計画")

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return _localized(self, "name")

    @property
    def localized_summary(self) -> str:
        return _localized(self, "summary")

    @classmethod
    def current(cls) -> Plan | None:
        return cls.objects.filter(is_current=True).order_by("-period_start_fy").first()


class Policy(models.Model):
    """推進方針 1–5."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="policies")
    number = models.PositiveSmallIntegerField(_("番号"))
    title = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("名称（英語）"), max_length=300, blank=True)
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="pdca_unique_policy")]
        verbose_name = _("推進方針")
        verbose_name_plural = _("推進方針")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def localized_title(self) -> str:
        return _localized(self, "title")

    @property
    def localized_description(self) -> str:
        return _localized(self, "description")


class Initiative(models.Model):
    """取組: 1-ア … 5, and the common BPR line (no policy)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="initiatives")
    policy = models.ForeignKey(
        Policy, null=True, blank=True, on_delete=models.CASCADE, related_name="initiatives"
    )
    code = models.CharField(_("番号"), max_length=10)  # "1-ア", "BPR"
    slug = models.SlugField(_("URL用コード"), max_length=20)  # "1-a", "bpr"
    title = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("名称（英語）"), max_length=300, blank=True)
    direction = models.TextField(_("取組の方向性"), blank=True)
    direction_en = models.TextField(_("取組の方向性（英語）"), blank=True)
    goal_period = models.TextField(_("本計画期間の目標"), blank=True)
    goal_future = models.TextField(_("目指す将来像"), blank=True)
    current_state = models.TextField(_("現状"), blank=True)
    issues = models.TextField(_("課題"), blank=True)
    actions = models.JSONField(_("取組内容"), default=list, blank=True)
    references = models.JSONField(_("参考"), default=list, blank=True)
    process = models.JSONField(_("進め方"), default=list, blank=True)
    owner_departments = models.ManyToManyField(
        "core.Department", verbose_name=_("担当部署"), blank=True, related_name="pdca_initiatives"
    )
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["plan", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="pdca_unique_initiative"),
            models.UniqueConstraint(fields=["plan", "slug"], name="pdca_unique_initiative_slug"),
        ]
        verbose_name = _("取組")
        verbose_name_plural = _("取組")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def localized_title(self) -> str:
        return _localized(self, "title")

    @property
    def localized_direction(self) -> str:
        return _localized(self, "direction")


class ScheduleEntry(models.Model):
    """実施スケジュール: what the initiative does in one fiscal year (検討, 導入, 稼働・運用 …)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="schedule")
    fiscal_year = models.PositiveIntegerField(_("年度"))
    phase = models.CharField(_("段階"), max_length=300, blank=True)
    tracks = models.JSONField(_("内訳"), default=list, blank=True)  # [{"track": …, "phase": …}]
    note = models.TextField(_("備考"), blank=True)
    onward = models.BooleanField(_("以降も継続"), default=False)  # 「令和7(2025)年度～」

    class Meta:
        ordering = ["initiative", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "fiscal_year"], name="pdca_unique_schedule")
        ]
        verbose_name = _("実施スケジュール")
        verbose_name_plural = _("実施スケジュール")

    def __str__(self) -> str:
        return f"{self.initiative.code} {self.fiscal_year}: {self.phase}"


class Indicator(models.Model):
    """活動指標・成果指標, as the plan names it. Its values come from the metric registered under its
    key (see `pdca.metrics`) or, when no app computes it, from manual entries with evidence and
    approval."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("活動指標")
        OUTCOME = "outcome", _("成果指標")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("高いほど良い")
        LOWER = "lower", _("低いほど良い")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(_("コード"), max_length=80)
    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=300)
    name_en = models.CharField(_("名称（英語）"), max_length=400, blank=True)
    unit = models.CharField(_("単位"), max_length=20, blank=True)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(_("基準値"), max_digits=14, decimal_places=3, null=True, blank=True)
    note = models.TextField(_("備考"), blank=True)
    metric_code = models.CharField(
        _("自動計算の指標コード"),
        max_length=80,
        blank=True,
        help_text=_(
            "空欄なら、指標のコードと同じコードで登録された自動計算（各アプリの metrics.py の"
            "「@metric」）を使います。別のコードの自動計算を使うときだけ入力します。"
            "どのアプリも計算しない指標は、証拠資料と承認のある手入力の値を使います。"
        ),
    )
    metric_scope = models.JSONField(_("自動計算の範囲"), default=dict, blank=True)
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["initiative__sort_order", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["initiative", "key"], name="pdca_unique_indicator")]
        verbose_name = _("指標")
        verbose_name_plural = _("指標")

    def __str__(self) -> str:
        return f"{self.initiative.code} {self.name}"

    @property
    def localized_name(self) -> str:
        return _localized(self, "name")

    @property
    def metric(self):
        """The registered metric computing this indicator, or None (manual entry).

        A metric registered under the indicator's key computes it (``@metric("<key>")`` in the
        app's metrics.py); ``metric_code`` lets a city's own plan, with its own keys, point at one."""
        from .metrics import metrics

        for code in (self.metric_code, self.key):
            if code and code in metrics:
                return metrics.get(code)
        return None


class Target(models.Model):
    """目標値 for one fiscal year: a number, or the plan's words when it gives none."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveIntegerField(_("年度"))
    value = models.DecimalField(_("目標値"), max_digits=14, decimal_places=3, null=True, blank=True)
    text = models.TextField(_("目標（文章）"), blank=True)

    class Meta:
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="pdca_unique_target")
        ]
        verbose_name = _("目標値")
        verbose_name_plural = _("目標値")

    def __str__(self) -> str:
        return (
            f"{self.indicator.key} {self.fiscal_year}: {self.value if self.value is not None else self.text}"
        )


def evidence_path(instance: IndicatorValue, filename: str) -> str:
    return f"pdca/evidence/{instance.indicator_id}/{instance.fiscal_year}/{filename}"


class IndicatorValue(models.Model):
    """A manually entered actual (実績値) with its evidence and approval. Every entry is kept;
    the latest approved one with evidence is what the public sees."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    fiscal_year = models.PositiveIntegerField(_("年度"))
    value = models.DecimalField(_("実績値"), max_digits=14, decimal_places=3)
    evidence_file = models.FileField(_("証拠資料（ファイル）"), upload_to=evidence_path, blank=True)
    evidence_url = models.URLField(_("証拠資料（URL）"), blank=True)
    note = models.TextField(_("備考"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("入力者"),
    )
    entered_at = models.DateTimeField(_("入力日時"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承認者"),
    )
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "fiscal_year", "-entered_at", "-pk"]
        verbose_name = _("実績値")
        verbose_name_plural = _("実績値")

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.fiscal_year}: {self.value}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_url)

    @property
    def is_public(self) -> bool:
        return self.has_evidence and self.approved_by_id is not None

    @classmethod
    def public(cls):
        """Values that may be shown publicly: with evidence and approved."""
        return (
            cls.objects.exclude(approved_by=None)
            .exclude(models.Q(evidence_file="") & models.Q(evidence_url=""))
            .order_by("indicator", "fiscal_year", "-approved_at", "-pk")
        )


class Review(models.Model):
    """PDCA review of an initiative for one fiscal year. Append-only: each save of the review is
    a new row, so the history of what was decided is kept; the newest row is the current one."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("順調")
        DELAYED = "delayed", _("遅れ")
        REVISING = "revising", _("見直し")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    fiscal_year = models.PositiveIntegerField(_("年度"))
    status = models.CharField(_("進捗状況"), max_length=10, choices=Status.choices)
    plan_note = models.TextField(_("Plan（計画）"), blank=True)
    do_note = models.TextField(_("Do（実行）"), blank=True)
    check_note = models.TextField(_("Check（評価）"), blank=True)
    act_note = models.TextField(_("Act（改善）"), blank=True)
    decided_changes = models.TextField(_("決定した見直し内容"), blank=True)
    resident_note = models.TextField(
        _("市民にとって変わったこと"),
        blank=True,
        help_text=_("計画のページで評価の横に表示します。専門用語を避け、一文で書いてください。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("記録者"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-fiscal_year", "-created_at", "-pk"]
        verbose_name = _("評価（PDCA）")
        verbose_name_plural = _("評価（PDCA）")

    def __str__(self) -> str:
        return f"{self.initiative.code} {self.fiscal_year}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("評価の記録は変更できません。新しい評価として記録してください。"))
        super().save(*args, **kwargs)
