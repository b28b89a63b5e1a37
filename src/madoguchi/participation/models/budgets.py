"""Participatory budgets (参加型予算) and accountability of what was decided (実施状況)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .processes import ParticipationChannel, Process, Proposal

# --- participatory budgeting (参加型予算) ---------------------------------------------------------


class BudgetPhase(models.TextChoices):
    PROPOSALS = "proposals", _("提案の募集")
    REVIEW = "review", _("技術的な検討")
    VOTING = "voting", _("投票")
    RESULTS = "results", _("結果の公表")
    EXECUTION = "execution", _("実施")


class Budget(models.Model):
    """参加型予算: residents propose, the city estimates cost and feasibility, residents vote on
    the feasible projects within the amount, the count decides what is carried out."""

    class Method(models.TextChoices):
        KNAPSACK = "knapsack", _("予算の範囲内で選ぶ")
        APPROVAL = "approval", _("選べる数の範囲内で選ぶ")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="budgets")
    title = models.CharField(_("題名"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    amount = models.PositiveBigIntegerField(_("予算額（円）"))
    method = models.CharField(_("投票の方法"), max_length=10, choices=Method.choices, default=Method.KNAPSACK)
    max_selections = models.PositiveSmallIntegerField(
        _("選べる数"), default=3, help_text=_("「選べる数の範囲内で選ぶ」のときの上限です。")
    )
    phase = models.CharField(
        _("現在の段階"), max_length=12, choices=BudgetPhase.choices, default=BudgetPhase.PROPOSALS
    )
    count_method = models.TextField(_("集計の方法"), blank=True, editable=False)
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    phase_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("参加型予算")
        verbose_name_plural = _("参加型予算")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:budget", args=[self.pk])

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None


class BudgetProject(models.Model):
    """A project on the ballot: usually a resident's proposal with the city's cost estimate and
    feasibility review (技術的な検討). Only feasible projects are voted on."""

    class Feasibility(models.TextChoices):
        PENDING = "pending", _("検討中")
        FEASIBLE = "feasible", _("実施可能")
        UNFEASIBLE = "unfeasible", _("実施できない")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_projects"
    )
    title = models.CharField(_("題名"), max_length=150)
    description = models.TextField(_("内容"), blank=True)
    cost = models.PositiveBigIntegerField(_("費用の見積り（円）"), default=0)
    feasibility = models.CharField(
        _("実施の可否"), max_length=12, choices=Feasibility.choices, default=Feasibility.PENDING
    )
    feasibility_note = models.TextField(_("検討の結果"), blank=True)
    votes = models.PositiveIntegerField(_("得票数"), default=0, editable=False)
    selected = models.BooleanField(_("採択"), default=False, editable=False)

    class Meta:
        ordering = ["budget", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "proposal"],
                condition=Q(proposal__isnull=False),
                name="participation_project_once_per_proposal",
            )
        ]
        verbose_name = _("予算案の事業")
        verbose_name_plural = _("予算案の事業")

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """One resident's ballot (one per resident per budget: a database constraint, taken under a
    row lock), or a paper ballot typed in by staff (then no person, its reference number once)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=20, choices=ParticipationChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paper_reference = models.CharField(_("整理番号"), max_length=40, blank=True)
    projects = models.ManyToManyField(BudgetProject, related_name="ballots", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "person"],
                condition=Q(person__isnull=False),
                name="participation_one_ballot",
            ),
            models.UniqueConstraint(
                fields=["budget", "paper_reference"],
                condition=~Q(paper_reference=""),
                name="participation_paper_ballot_once",
            ),
        ]
        verbose_name = _("投票用紙")
        verbose_name_plural = _("投票用紙")

    def __str__(self) -> str:
        return f"{self.budget_id} #{self.pk}"


# --- accountability (実施状況) --------------------------------------------------------------------


class Result(models.Model):
    """実施状況: what the city carries out, linked to the proposals it came from."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("準備中")
        IN_PROGRESS = "in_progress", _("実施中")
        DONE = "done", _("完了")
        CANCELLED = "cancelled", _("中止")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="results")
    budget = models.ForeignKey(
        Budget, null=True, blank=True, on_delete=models.SET_NULL, related_name="results"
    )
    project = models.OneToOneField(
        BudgetProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="result"
    )
    proposals = models.ManyToManyField(Proposal, related_name="results", blank=True)
    title = models.CharField(_("題名"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    status = models.CharField(_("状況"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("進捗（％）"), default=0)
    budget_amount = models.PositiveBigIntegerField(_("予算額（円）"), default=0)
    spent = models.PositiveBigIntegerField(_("執行額（円）"), default=0)
    starts_on = models.DateField(_("開始日"), null=True, blank=True)
    ends_on = models.DateField(_("終了予定日"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("実施状況")
        verbose_name_plural = _("実施状況")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:result", args=[self.pk])


class ResultUpdate(models.Model):
    """One entry of a result's timeline (what was done, the progress and spending after it)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("日付"))
    text = models.CharField(_("内容"), max_length=400)
    status = models.CharField(_("状況"), max_length=12, choices=Result.Status.choices)
    progress = models.PositiveSmallIntegerField(_("進捗（％）"))
    spent = models.PositiveBigIntegerField(_("執行額（円）"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["result", "on", "pk"]
        verbose_name = _("実施状況の記録")
        verbose_name_plural = _("実施状況の記録")

    def __str__(self) -> str:
        return f"{self.result_id} {self.on}"
