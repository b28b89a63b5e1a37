"""業務改革 (BPR, plan 2-イ) records: the procedure inventory (what each procedure still demands of
residents: 押印, 書面, 対面, documents the city could fetch itself), the departments' digital tools
and pilots, the 標準化 migration plan's work stages, and the synthetic event logs that show what
process mining finds.

Nothing here holds residents' data: procedures, departments, tools and dates.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department


class ProcedureReview(models.Model):
    """手続の棚卸し: one procedure of the catalog, as the BPR inventory sees it. The procedure is named
    by its code (procedures are read through `procedures.services`); the name is kept as taken."""

    procedure_code = models.SlugField(_("手続コード"), max_length=60, unique=True)
    procedure_name = models.CharField(_("手続名"), max_length=120)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="procedure_reviews"
    )
    legal_basis = models.CharField(_("根拠法令"), max_length=300, blank=True)
    note = models.TextField(_("備考"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["department__sort_order", "procedure_code"]
        verbose_name = _("手続の棚卸し")
        verbose_name_plural = _("手続の棚卸し")

    def __str__(self) -> str:
        return self.procedure_name


class Requirement(models.Model):
    """What a procedure demands of the resident and BPR examines, with the reform decision:
    a seal, a paper original, a visit, or a document the city could fetch itself (ワンスオンリー)."""

    class Kind(models.TextChoices):
        SEAL = "seal", _("押印")
        PAPER = "paper", _("書面（原本）")
        IN_PERSON = "in_person", _("対面（来庁）")
        ATTACHMENT = "attachment", _("市が確認できる添付書類")

    class Basis(models.TextChoices):
        LAW = "law", _("法令")
        BYLAW = "bylaw", _("条例・規則")
        PRACTICE = "practice", _("慣行（根拠規定なし）")

    class Decision(models.TextChoices):
        PENDING = "pending", _("検討中")
        ABOLISH = "abolish", _("廃止")
        ALTERNATIVE = "alternative", _("代替手段で対応")
        KEEP = "keep", _("存続")

    review = models.ForeignKey(ProcedureReview, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("内容"), max_length=300, blank=True)
    basis = models.CharField(_("根拠"), max_length=20, choices=Basis.choices, default=Basis.PRACTICE)
    decision = models.CharField(
        _("見直しの方針"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.TextField(_("理由"), blank=True)
    decided_on = models.DateField(_("決定日"), null=True, blank=True)
    effective_on = models.DateField(_("実施日"), null=True, blank=True)

    class Meta:
        ordering = ["review", "kind", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "kind", "label"], name="automation_requirement_once")
        ]
        verbose_name = _("見直しの対象")
        verbose_name_plural = _("見直しの対象")

    def __str__(self) -> str:
        return f"{self.review} {self.get_kind_display()} {self.label}".strip()

    def in_force(self, on: date) -> bool:
        """Does the procedure still demand it on `on`? Until a decision to drop it takes effect."""
        dropped = self.decision in (self.Decision.ABOLISH, self.Decision.ALTERNATIVE)
        return not (dropped and self.effective_on is not None and self.effective_on <= on)


class ToolKind(models.TextChoices):
    RULES = "rules", _("自動処理ルール（RPA）")
    RPA = "rpa", _("RPA（外部製品）")
    AI_OCR = "ai_ocr", _("AI-OCR")
    CHATBOT = "chatbot", _("チャットボット")
    E_FORM = "e_form", _("電子申請・電子様式")
    PROCESS_MINING = "process_mining", _("事務フローの可視化")
    OTHER = "other", _("その他")


class DigitalTool(models.Model):
    """業務の効率化を図るデジタル技術: a tool a department uses in its work, from when until when."""

    department = models.ForeignKey(
        Department, verbose_name=_("部署"), on_delete=models.PROTECT, related_name="digital_tools"
    )
    kind = models.CharField(_("種類"), max_length=20, choices=ToolKind.choices)
    name = models.CharField(_("名称"), max_length=120)
    used_from = models.DateField(_("利用開始日"))
    used_until = models.DateField(_("利用終了日"), null=True, blank=True)
    note = models.TextField(_("用途"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["department__sort_order", "used_from", "pk"]
        verbose_name = _("デジタルツール")
        verbose_name_plural = _("デジタルツール")

    def __str__(self) -> str:
        return f"{self.department} {self.name}"


class Pilot(models.Model):
    """実証実験: a digital tool that BPR named as a candidate, tried in a department, and its result."""

    class Result(models.TextChoices):
        RUNNING = "running", _("実施中")
        ADOPTED = "adopted", _("導入")
        NOT_ADOPTED = "not_adopted", _("見送り")

    department = models.ForeignKey(
        Department, verbose_name=_("部署"), on_delete=models.PROTECT, related_name="pilots"
    )
    kind = models.CharField(_("種類"), max_length=20, choices=ToolKind.choices)
    tool_name = models.CharField(_("ツール"), max_length=120)
    review = models.ForeignKey(
        ProcedureReview,
        verbose_name=_("候補とした棚卸し"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilots",
    )
    purpose = models.TextField(_("目的"))
    started_on = models.DateField(_("開始日"))
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    result = models.CharField(_("結果"), max_length=20, choices=Result.choices, default=Result.RUNNING)
    findings = models.TextField(_("結果の内容"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("実証実験")
        verbose_name_plural = _("実証実験")

    def __str__(self) -> str:
        return f"{self.department} {self.tool_name}"


class StandardSystem(models.Model):
    """標準化対象システム: one of the 20 業務 that move to a standard system (plan 2-ア)."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("業務"), max_length=60)
    department = models.ForeignKey(
        Department, verbose_name=_("所管課"), on_delete=models.PROTECT, related_name="standard_systems"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("標準化対象システム")
        verbose_name_plural = _("標準化対象システム")

    def __str__(self) -> str:
        return self.name


class MigrationStage(models.Model):
    """作業工程: a work stage of the 標準化導入・移行計画 for one system, planned and done."""

    class Stage(models.TextChoices):
        ANALYSIS = "analysis", _("現状分析・標準仕様との比較分析")
        GAP = "gap", _("ギャップ要件への対応検討")
        SELECTION = "selection", _("システム選定")
        MIGRATION = "migration", _("データ移行・導入")
        OPERATION = "operation", _("稼働")

    system = models.ForeignKey(StandardSystem, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("作業工程"), max_length=20, choices=Stage.choices)
    planned_on = models.DateField(_("予定日"))
    done_on = models.DateField(_("完了日"), null=True, blank=True)

    class Meta:
        ordering = ["system", "planned_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["system", "stage"], name="automation_stage_once")]
        verbose_name = _("作業工程")
        verbose_name_plural = _("作業工程")

    def __str__(self) -> str:
        return f"{self.system} {self.get_stage_display()}"


class SyntheticLog(models.Model):
    """合成イベントログ: a made-up history of one procedure's cases with a planted bottleneck and a
    planted rework loop, so staff (and tests) can see that the mining finds what is there."""

    procedure_code = models.SlugField(_("手続コード"), max_length=60)
    seed = models.PositiveIntegerField(_("乱数の種"))
    cases = models.PositiveIntegerField(_("件数"))
    starts_on = models.DateField(_("最初の受付日"))
    bottleneck_from = models.CharField(_("仕込んだ停滞の前の工程"), max_length=60)
    bottleneck_to = models.CharField(_("仕込んだ停滞の後の工程"), max_length=60)
    rework_share = models.FloatField(_("補正依頼を繰り返す割合"))
    change_on = models.DateField(_("改善の実施日"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("合成イベントログ")
        verbose_name_plural = _("合成イベントログ")

    def __str__(self) -> str:
        return f"{self.procedure_code} #{self.pk}"


class SyntheticCase(models.Model):
    """One case of a synthetic log: the subject of its Events (never an application)."""

    log = models.ForeignKey(SyntheticLog, on_delete=models.CASCADE, related_name="synthetic_cases")
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["log", "number"]
        verbose_name = _("合成ケース")
        verbose_name_plural = _("合成ケース")

    def __str__(self) -> str:
        return f"{self.log} {self.number}"


class Rule(models.Model):
    """自動処理ルール (RPA): "when <verb> on <procedure> and <conditions> then <action>", owned by
    a division and run with its owner's permissions. Each run is recorded once per triggering
    Event (RuleRun), so a replayed Event acts once."""

    class Action(models.TextChoices):
        ASSIGN = "assign", _("担当者を割り当てる")
        START_REVIEW = "start_review", _("審査を開始する")
        REQUEST_DOCUMENT = "request_document", _("書類の提出を依頼する（補正依頼）")
        APPROVE = "approve", _("承認する")
        NOTE = "note", _("内部メモを残す")

    class Status(models.TextChoices):
        ACTIVE = "active", _("稼働中")
        PAUSED = "paused", _("停止中")

    department = models.ForeignKey(
        Department, verbose_name=_("部署"), on_delete=models.PROTECT, related_name="rules"
    )
    name = models.CharField(_("名称"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("責任者"), on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(_("きっかけ（イベント）"), max_length=60)
    procedure_code = models.SlugField(_("手続コード"), max_length=60)
    conditions = models.JSONField(_("条件"), default=list, blank=True)
    action = models.CharField(_("処理"), max_length=30, choices=Action.choices)
    params = models.JSONField(_("処理の設定"), default=dict, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    failures = models.PositiveSmallIntegerField(_("続けて失敗した回数"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["department__sort_order", "name", "pk"]
        verbose_name = _("自動処理ルール")
        verbose_name_plural = _("自動処理ルール")

    def __str__(self) -> str:
        return self.name


class RuleRun(models.Model):
    """One rule meeting one Event: acted, skipped (conditions not met) or failed, with attempts."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("実行待ち")
        DONE = "done", _("実行済み")
        SKIPPED = "skipped", _("条件に合わず")
        FAILED = "failed", _("失敗")

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="runs")
    event_id = models.BigIntegerField(_("きっかけのイベント"))
    subject_id = models.CharField(_("申請"), max_length=64)
    outcome = models.CharField(_("結果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    error = models.TextField(_("エラー"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "event_id"], name="automation_rule_once_per_event")
        ]
        verbose_name = _("ルールの実行")
        verbose_name_plural = _("ルールの実行")

    def __str__(self) -> str:
        return f"{self.rule} #{self.event_id}"
