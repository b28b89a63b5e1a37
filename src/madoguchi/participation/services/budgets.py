"""参加型予算 (participatory budgeting): phases, the technical review of proposals, ballots within
the amount (or within a number of choices), paper ballots typed in by staff, and the count.

One ballot per resident per budget: the resident's Person row is locked while the ballot is
checked and saved, and a database constraint refuses a second one in any case (two tabs, a double
click, two devices at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.models import Person, User
from madoguchi.core.pagecache import bump

from ..events import Verb
from ..models import (
    Ballot,
    Budget,
    BudgetPhase,
    BudgetProject,
    Participation,
    ParticipationChannel,
    Proposal,
    Result,
)
from .base import (
    AlreadyDone,
    NotAllowed,
    _ensure_person,
    _notify_followers,
    _record_participation,
    may_manage,
)

# The count, as it is published with the results (Budget.count_method holds the code).
COUNT_BY_VOTES_WITHIN_AMOUNT = "votes_within_amount"
COUNT_METHODS = {
    COUNT_BY_VOTES_WITHIN_AMOUNT: _(
        "実施可能な事業を得票数の多い順に並べ（同数のときは費用の少ない順、さらに登録の早い順）、"
        "上から順に、残りの予算額に収まる事業を採択しました。収まらない事業は飛ばして次の事業を見ます。"
    ),
}


def count_method_text(budget: Budget) -> str:
    return str(COUNT_METHODS.get(budget.count_method, ""))


def _ensure_manager(user: User, budget: Budget) -> None:
    if not may_manage(user, budget.process):
        raise PermissionDenied(_("この参加の場を担当する部署の職員だけが操作できます。"))


def _ensure_phase(budget: Budget, *phases: str) -> None:
    if budget.phase not in phases:
        raise NotAllowed(
            _("この参加型予算は、いま「%(phase)s」の段階のため、この操作はできません。")
            % {"phase": budget.get_phase_display()},
            code="wrong_phase",
        )


# --- running the budget ------------------------------------------------------------------------


@transaction.atomic
def set_budget_phase(budget: Budget, *, by: User, phase: str) -> Budget:
    """段階を変える (提案の募集 → 技術的な検討 → 投票 → 結果の公表 → 実施). The results phase is
    reached by publishing the count (publish_budget_results), not by this."""
    _ensure_manager(by, budget)
    phase = BudgetPhase(phase)
    if phase == BudgetPhase.RESULTS and not budget.results_published:
        raise NotAllowed(_("結果は「集計して結果を公表する」で公表してください。"), code="not_counted")
    if (
        phase == BudgetPhase.VOTING
        and not budget.projects.filter(feasibility=BudgetProject.Feasibility.FEASIBLE).exists()
    ):
        raise NotAllowed(_("実施可能と判断した事業がないため、投票を始められません。"), code="no_projects")
    if phase in (BudgetPhase.PROPOSALS, BudgetPhase.REVIEW, BudgetPhase.VOTING) and budget.results_published:
        raise NotAllowed(_("結果を公表した後は、投票より前の段階に戻せません。"), code="published")
    budget.phase = phase
    budget.phase_changed_at = timezone.now()
    budget.save(update_fields=["phase", "phase_changed_at"])
    record_event(budget, verb=Verb.BUDGET_PHASE_CHANGED, actor=by, data={"phase": str(phase)})
    bump("participation")
    return budget


@transaction.atomic
def review_project(
    budget: Budget,
    *,
    by: User,
    cost: int,
    feasibility: str,
    note: str = "",
    proposal: Proposal | None = None,
    title: str = "",
    description: str = "",
    project: BudgetProject | None = None,
) -> BudgetProject:
    """技術的な検討: the city's cost estimate and whether the project can be carried out, for a
    resident's proposal (or a project of the city's own). Before voting starts only."""
    _ensure_manager(by, budget)
    _ensure_phase(budget, BudgetPhase.PROPOSALS, BudgetPhase.REVIEW)
    if proposal is not None and proposal.process_id != budget.process_id:
        raise NotAllowed(_("この参加の場の提案ではありません。"), code="other_process")
    if project is None and proposal is not None:
        project = BudgetProject.objects.filter(budget=budget, proposal=proposal).first()
    if project is None:
        project = BudgetProject(budget=budget, proposal=proposal)
    elif project.budget_id != budget.pk:
        raise NotAllowed(_("この参加型予算の事業ではありません。"), code="other_budget")
    project.title = title or project.title or (proposal.title if proposal else "")
    project.description = description or project.description or (proposal.body if proposal else "")
    project.cost = int(cost)
    project.feasibility = BudgetProject.Feasibility(feasibility)
    project.feasibility_note = note
    project.save()
    record_event(
        project,
        verb=Verb.PROJECT_REVIEWED,
        actor=by,
        data={"budget": budget.pk, "cost": project.cost, "feasibility": str(project.feasibility)},
    )
    bump("participation")
    return project


def ballot_projects(budget: Budget):
    """The projects on the ballot: those found feasible."""
    return budget.projects.filter(feasibility=BudgetProject.Feasibility.FEASIBLE).order_by("pk")


def _check_selection(budget: Budget, project_ids) -> list[BudgetProject]:
    """The chosen projects, or the refusal that says what to change."""
    try:
        ids = {int(pk) for pk in project_ids}
    except (TypeError, ValueError):
        raise NotAllowed(_("選んだ事業が見つかりません。"), code="unknown_project") from None
    if not ids:
        raise NotAllowed(_("事業を1つ以上選んでください。"), code="empty")
    projects = list(ballot_projects(budget).filter(pk__in=ids))
    if len(projects) != len(ids):
        raise NotAllowed(_("選んだ事業が見つかりません。"), code="unknown_project")
    if budget.method == Budget.Method.KNAPSACK:
        total = sum(p.cost for p in projects)
        if total > budget.amount:
            raise NotAllowed(
                _(
                    "選んだ事業の合計（%(total)s円）が予算額（%(amount)s円）を超えています。事業を減らしてください。"
                )
                % {
                    "total": number_format(total, force_grouping=True),
                    "amount": number_format(budget.amount, force_grouping=True),
                },
                code="over_budget",
            )
    elif len(projects) > budget.max_selections:
        raise NotAllowed(
            _("選べるのは%(n)s件までです。選ぶ事業を減らしてください。") % {"n": budget.max_selections},
            code="too_many",
        )
    return projects


def cast_ballot(budget: Budget, *, person, user: User, project_ids) -> Ballot:
    """投票する: a verified resident's one ballot, while the budget is in its voting phase."""
    _ensure_person(person)
    _ensure_phase(budget, BudgetPhase.VOTING)
    projects = _check_selection(budget, project_ids)
    try:
        with transaction.atomic():
            # Serialise this resident's ballots: a second request waits here, then sees the first.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            if Ballot.objects.filter(budget=budget, person=person).exists():
                raise IntegrityError("one ballot per resident")
            ballot = Ballot.objects.create(budget=budget, person=person, channel=ParticipationChannel.ONLINE)
            ballot.projects.set(projects)
            _record_participation(
                budget.process,
                budget,
                kind=Participation.Kind.BALLOT,
                channel=ParticipationChannel.ONLINE,
                person=person,
                actor=user,
            )
    except IntegrityError:
        raise AlreadyDone(
            _("この参加型予算にはすでに投票しています。投票は1人1回です。"), code="duplicate"
        ) from None
    return ballot


def has_voted(budget: Budget, person) -> bool:
    return person is not None and Ballot.objects.filter(budget=budget, person=person).exists()


def enter_paper_ballot(
    budget: Budget, *, by: User, project_ids, reference: str, age_band: str | None = None
) -> Ballot:
    """紙の投票用紙の登録 (staff): a ballot cast at a polling place or by post. Its reference
    number (整理番号) can be registered once, so a sheet is not counted twice."""
    _ensure_manager(by, budget)
    _ensure_phase(budget, BudgetPhase.VOTING)
    reference = reference.strip()
    if not reference:
        raise NotAllowed(_("整理番号を入力してください。"), code="no_reference")
    projects = _check_selection(budget, project_ids)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                budget=budget,
                channel=ParticipationChannel.PAPER,
                entered_by=by,
                paper_reference=reference,
            )
            ballot.projects.set(projects)
            _record_participation(
                budget.process,
                budget,
                kind=Participation.Kind.BALLOT,
                channel=ParticipationChannel.PAPER,
                actor=by,
                age_band=age_band,
                district="",
            )
            record_event(
                budget, verb=Verb.PAPER_BALLOT_ENTERED, actor=by, data={"projects": [p.pk for p in projects]}
            )
    except IntegrityError:
        raise AlreadyDone(
            _("整理番号「%(ref)s」の投票用紙はすでに登録されています。") % {"ref": reference},
            code="duplicate",
        ) from None
    return ballot


# --- the count -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountedProject:
    project: BudgetProject
    votes: int
    selected: bool


@dataclass(frozen=True)
class Count:
    budget: Budget
    projects: list[CountedProject]
    ballots: int
    ballots_by_channel: dict[str, int]

    @property
    def allocated(self) -> int:
        return sum(c.project.cost for c in self.projects if c.selected)


def count_ballots(budget: Budget) -> Count:
    """集計: votes per feasible project; going down the list by votes, each project that still
    fits in what is left of the amount is selected (COUNT_BY_VOTES_WITHIN_AMOUNT)."""
    votes = {p.pk: 0 for p in ballot_projects(budget)}
    through = Ballot.projects.through
    for project_id in through.objects.filter(ballot__budget=budget).values_list(
        "budgetproject_id", flat=True
    ):
        if project_id in votes:
            votes[project_id] += 1
    projects = sorted(ballot_projects(budget), key=lambda p: (-votes[p.pk], p.cost, p.pk))
    left = budget.amount
    counted = []
    for project in projects:
        selected = votes[project.pk] > 0 and project.cost <= left
        if selected:
            left -= project.cost
        counted.append(CountedProject(project, votes[project.pk], selected))
    by_channel: dict[str, int] = {}
    for channel in budget.ballots.values_list("channel", flat=True):
        by_channel[channel] = by_channel.get(channel, 0) + 1
    return Count(budget, counted, sum(by_channel.values()), by_channel)


@transaction.atomic
def publish_budget_results(budget: Budget, *, by: User) -> Count:
    """集計して結果を公表する: after voting. The selected projects become results to follow
    (実施状況), linked to the proposals they came from; followers are told."""
    _ensure_manager(by, budget)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _ensure_phase(budget, BudgetPhase.VOTING)
    count = count_ballots(budget)
    for row in count.projects:
        BudgetProject.objects.filter(pk=row.project.pk).update(votes=row.votes, selected=row.selected)
        if row.selected:
            result, _created = Result.objects.get_or_create(
                project=row.project,
                defaults={
                    "process": budget.process,
                    "budget": budget,
                    "title": row.project.title,
                    "description": row.project.description,
                    "budget_amount": row.project.cost,
                },
            )
            if row.project.proposal_id:
                result.proposals.add(row.project.proposal_id)
    budget.phase = BudgetPhase.RESULTS
    budget.count_method = COUNT_BY_VOTES_WITHIN_AMOUNT
    budget.results_published_at = budget.phase_changed_at = timezone.now()
    budget.save(update_fields=["phase", "count_method", "results_published_at", "phase_changed_at"])
    record_event(
        budget,
        verb=Verb.BUDGET_RESULTS_PUBLISHED,
        actor=by,
        data={
            "ballots": count.ballots,
            "selected": [r.project.pk for r in count.projects if r.selected],
            "method": COUNT_BY_VOTES_WITHIN_AMOUNT,
        },
    )
    bump("participation")
    _notify_followers(budget.process, "participation/emails/budget_results", budget=budget)
    return count_ballots(budget)


def published_count(budget: Budget) -> list[BudgetProject]:
    """The published results as stored at publication (votes, selected), best first."""
    return list(
        ballot_projects(budget).order_by("-selected", "-votes", "cost", "pk").select_related("proposal")
    )
