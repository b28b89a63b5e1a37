"""参加型予算: the budget's page (projects, the ballot, the published count) and the staff steps
(phases, technical review, paper ballots, publishing the count)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post
from madoguchi.identity.staff import staff_required

from .. import services
from ..forms import BallotForm, PaperBallotForm, ReviewForm
from ..models import Budget, BudgetPhase, BudgetProject, Proposal
from .common import crumbs, ensure_manager, get_process, refuse, verified_person, visible_proposals


def get_budget(request, pk: int) -> Budget:
    budget = get_object_or_404(Budget.objects.select_related("process"), pk=pk)
    get_process(request, budget.process_id)  # an unpublished process: its staff only
    return budget


def _page(request, budget: Budget, *, ballot_form=None, status=200):
    process = budget.process
    person = verified_person(request)
    manager = services.may_manage(request.user, process)
    projects = list(budget.projects.select_related("proposal").order_by("pk"))
    reviewed = {p.proposal_id: p for p in projects if p.proposal_id}
    context = {
        "process": process,
        "budget": budget,
        "person": person,
        "phases": [str(label) for label in BudgetPhase.labels],
        "phase_index": list(BudgetPhase.values).index(budget.phase) + 1,
        "projects": projects,
        "ballot_projects": list(services.ballot_projects(budget)),
        "voted": services.has_voted(budget, person),
        "ballot_form": ballot_form or BallotForm(projects=services.ballot_projects(budget)),
        "is_staff_member": manager,
        "crumbs": crumbs((process.title, process.get_absolute_url()), (budget.title, "")),
    }
    if budget.results_published:
        context["count"] = services.published_count(budget)
        context["count_method"] = services.count_method_text(budget)
        context["ballots"] = budget.ballots.count()
        context["allocated"] = sum(p.cost for p in context["count"] if p.selected)
    if manager:
        context["review_rows"] = [
            (proposal, reviewed.get(proposal.pk))
            for proposal in visible_proposals(request, process).filter(
                moderation=Proposal.Moderation.PUBLISHED
            )
        ]
        context["feasibility_choices"] = BudgetProject.Feasibility.choices
        context["phase_choices"] = BudgetPhase.choices
    return render(request, "participation/budget.html", context, status=status)


def budget_detail(request, pk: int):
    return _page(request, get_budget(request, pk))


def budget_vote(request, pk: int):
    budget = get_budget(request, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    form = BallotForm(request.POST, projects=services.ballot_projects(budget))
    if not form.is_valid():
        return _page(request, budget, ballot_form=form, status=400)
    try:
        services.cast_ballot(
            budget,
            person=verified_person(request),
            user=request.user,
            project_ids=form.cleaned_data["projects"],
        )
    except services.ParticipationError as error:
        refuse(request, error)
        return _page(request, budget, ballot_form=form, status=400)
    messages.success(request, _("投票を受け付けました。ありがとうございます。"))
    return redirect(budget)


# --- staff ---------------------------------------------------------------------------------------


@staff_required
def budget_phase(request, pk: int):
    budget = get_object_or_404(Budget.objects.select_related("process"), pk=pk)
    ensure_manager(request, budget.process)
    if (refused := unless_post(request)) is not None:
        return refused
    phase = request.POST.get("phase")
    if phase in BudgetPhase.values:
        try:
            services.set_budget_phase(budget, by=request.user, phase=phase)
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            messages.success(request, _("段階を変更しました。"))
    return redirect(budget)


@staff_required
def budget_review(request, pk: int):
    budget = get_object_or_404(Budget.objects.select_related("process"), pk=pk)
    ensure_manager(request, budget.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("費用の見積りと実施の可否を確認してください。"))
        return redirect(budget)
    proposal = get_object_or_404(Proposal, pk=form.cleaned_data["proposal"], process=budget.process)
    try:
        services.review_project(
            budget,
            by=request.user,
            proposal=proposal,
            cost=form.cleaned_data["cost"],
            feasibility=form.cleaned_data["feasibility"],
            note=form.cleaned_data["note"],
        )
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("検討の結果を登録しました。"))
    return redirect(budget)


@staff_required
def budget_paper(request, pk: int):
    """紙の投票用紙の登録 (staff)."""
    budget = get_object_or_404(Budget.objects.select_related("process"), pk=pk)
    ensure_manager(request, budget.process)
    form = PaperBallotForm(request.POST or None, projects=services.ballot_projects(budget))
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_paper_ballot(
                budget,
                by=request.user,
                project_ids=form.cleaned_data["projects"],
                reference=form.cleaned_data["reference"],
                age_band=form.cleaned_data["age_band"],
            )
        except services.ParticipationError as error:
            refuse(request, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("紙の投票用紙を1件登録しました。"))
            return redirect("participation:budget_paper", budget.pk)
    return render(
        request,
        "participation/budget_paper.html",
        {
            "budget": budget,
            "form": form,
            "count": budget.ballots.filter(channel="paper").count(),
            "crumbs": crumbs(
                (budget.process.title, budget.process.get_absolute_url()),
                (budget.title, budget.get_absolute_url()),
                (_("紙の投票用紙の登録"), ""),
            ),
        },
    )


@staff_required
def budget_publish(request, pk: int):
    budget = get_object_or_404(Budget.objects.select_related("process"), pk=pk)
    ensure_manager(request, budget.process)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.publish_budget_results(budget, by=request.user)
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("集計して結果を公表しました。"))
    return redirect(budget)
