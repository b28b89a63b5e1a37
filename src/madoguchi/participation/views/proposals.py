"""Proposals: proposing, a proposal's page, supporting one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post

from .. import services
from ..forms import AnswerProposalForm, CommentForm, OpenReferendumForm, ProposalForm, ReferendumVoteForm
from ..models import Proposal, Referendum
from .common import (
    crumbs,
    get_process,
    may_comment,
    refuse,
    thread,
    verified_person,
    visible_comments,
    visible_proposals,
)


def proposal_new(request, pk: int):
    process = get_process(request, pk)
    person = verified_person(request)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.submit_proposal(
                process,
                person=person,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            if proposal.is_published:
                messages.success(request, _("提案を受け付けました。"))
            else:
                messages.success(request, _("提案を受け付けました。担当部署が内容を確認してから公開します。"))
            return redirect(proposal)
    return render(
        request,
        "participation/proposal_form.html",
        {
            "process": process,
            "form": form,
            "person": person,
            "crumbs": crumbs((process.title, process.get_absolute_url()), (_("提案する"), "")),
        },
    )


def proposal_detail(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    process = get_process(request, proposal.process_id)
    proposal = get_object_or_404(visible_proposals(request, process), pk=pk)
    person = verified_person(request)
    comments = visible_comments(request, proposal.comments.all(), process).select_related("author")
    referendum = Referendum.objects.filter(proposal=proposal).first()
    return render(
        request,
        "participation/proposal.html",
        {
            "process": process,
            "proposal": proposal,
            "person": person,
            "supported": services.has_supported(proposal, person),
            "referendum": referendum,
            "voted": referendum is not None and services.has_voted_on(referendum, person),
            "vote_form": ReferendumVoteForm(),
            "open_referendum_form": OpenReferendumForm(initial={"kind": Referendum.Kind.CONSULTATIVE}),
            "thread": thread(comments.order_by("created_at", "pk")),
            "comment_form": CommentForm(),
            "may_comment": may_comment(request, process),
            "is_staff_member": services.may_manage(request.user, process),
            "answer_form": AnswerProposalForm(
                initial={"status": proposal.status, "answer": proposal.answer, "progress": proposal.progress}
            ),
            "crumbs": crumbs((process.title, process.get_absolute_url()), (proposal.title, "")),
        },
    )


def proposal_support(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    process = get_process(request, proposal.process_id)
    proposal = get_object_or_404(visible_proposals(request, process).select_related("process"), pk=pk)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.support_proposal(proposal, person=verified_person(request), user=request.user)
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("賛同しました。ありがとうございます。"))
    return redirect(proposal)


def proposal_unsupport(request, pk: int):
    """賛同を取り消す (the resident's own support)."""
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    process = get_process(request, proposal.process_id)
    proposal = get_object_or_404(visible_proposals(request, process).select_related("process"), pk=pk)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.withdraw_support(proposal, person=verified_person(request), user=request.user)
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("賛同を取り消しました。"))
    return redirect(proposal)
