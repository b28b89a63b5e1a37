"""投票と議論: the vote on a proposal (open, vote, close) and debates with arguments for/against."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post
from madoguchi.identity.staff import staff_required

from .. import services
from ..forms import ArgumentForm, CloseDebateForm, DebateForm, OpenReferendumForm, ReferendumVoteForm
from ..models import Argument, Comment, Debate, Proposal, Referendum
from .common import (
    crumbs,
    ensure_manager,
    get_process,
    may_comment,
    refuse,
    verified_person,
    visible_proposals,
)


def _visible_proposal(request, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    process = get_process(request, proposal.process_id)
    return get_object_or_404(visible_proposals(request, process).select_related("process"), pk=pk)


@staff_required
def referendum_open(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    ensure_manager(request, proposal.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = OpenReferendumForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("投票の種類を選んでください。"))
        return redirect(proposal)
    try:
        services.open_referendum(proposal, by=request.user, **form.cleaned_data)
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("この提案を市民の投票にかけました。"))
    return redirect(proposal)


def referendum_vote(request, pk: int):
    proposal = _visible_proposal(request, pk)
    referendum = get_object_or_404(Referendum, proposal=proposal)
    if (refused := unless_post(request)) is not None:
        return refused
    form = ReferendumVoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("賛成・反対・白票のどれかを選んでください。"))
        return redirect(proposal)
    try:
        services.cast_referendum_vote(
            referendum, person=verified_person(request), user=request.user, choice=form.cleaned_data["choice"]
        )
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("投票を受け付けました。ありがとうございます。"))
    return redirect(proposal)


@staff_required
def referendum_close(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    ensure_manager(request, proposal.process)
    referendum = get_object_or_404(Referendum, proposal=proposal)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.close_referendum(referendum, by=request.user)
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("投票を締め切り、結果を公表しました。"))
    return redirect(proposal)


# --- debates ------------------------------------------------------------------------------------------


def _visible_arguments(request, debate: Debate):
    arguments = debate.arguments.all()
    if services.may_manage(request.user, debate.process):
        return arguments
    published = arguments.filter(status=Comment.Status.PUBLISHED)
    if request.user.is_authenticated:
        return published | arguments.filter(author=request.user, status=Comment.Status.PENDING)
    return published


def debate_detail(request, pk: int, *, form=None, status=200):
    debate = get_object_or_404(Debate.objects.select_related("process"), pk=pk)
    process = get_process(request, debate.process_id)
    arguments = list(_visible_arguments(request, debate).order_by("created_at", "pk"))
    return render(
        request,
        "participation/debate.html",
        {
            "process": process,
            "debate": debate,
            "for_arguments": [a for a in arguments if a.side == Argument.Side.FOR],
            "against_arguments": [a for a in arguments if a.side == Argument.Side.AGAINST],
            "form": form or ArgumentForm(),
            "may_comment": may_comment(request, process),
            "is_staff_member": services.may_manage(request.user, process),
            "close_form": CloseDebateForm(),
            "crumbs": crumbs((process.title, process.get_absolute_url()), (debate.title, "")),
        },
        status=status,
    )


def argument_post(request, pk: int):
    debate = get_object_or_404(Debate.objects.select_related("process"), pk=pk)
    process = get_process(request, debate.process_id)
    if (refused := unless_post(request)) is not None:
        return refused
    form = ArgumentForm(request.POST)
    if not form.is_valid():
        return debate_detail(request, pk, form=form, status=400)
    try:
        argument = services.add_argument(
            debate,
            user=request.user,
            person=verified_person(request),
            may_comment=may_comment(request, process),
            **form.cleaned_data,
        )
    except services.ParticipationError as error:
        refuse(request, error)
        return debate_detail(request, pk, form=form, status=400)
    if argument.status == Comment.Status.PENDING:
        messages.success(request, _("意見を受け付けました。担当部署が内容を確認してから公開します。"))
    else:
        messages.success(request, _("意見を公開しました。"))
    return redirect(debate)


@staff_required
def debate_new(request, pk: int):
    process = get_process(request, pk)
    ensure_manager(request, process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = DebateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("議論の題名を入力してください。"))
        return redirect(process)
    debate = services.open_debate(process, by=request.user, **form.cleaned_data)
    messages.success(request, _("議論を始めました。"))
    return redirect(debate)


@staff_required
def debate_close(request, pk: int):
    debate = get_object_or_404(Debate.objects.select_related("process"), pk=pk)
    ensure_manager(request, debate.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = CloseDebateForm(request.POST)
    if form.is_valid():
        services.close_debate(debate, by=request.user, conclusion=form.cleaned_data["conclusion"])
        messages.success(request, _("議論の受付を終了し、まとめを公開しました。"))
    else:
        messages.error(request, _("まとめを入力してください。"))
    return redirect(debate)
