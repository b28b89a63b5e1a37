"""Staff pages of 市民参加, for the department that runs a process: phases, the city's answers,
moderation and blocks, postal and paper survey answers, workshop minutes. Each needs a staff
session (with its second factor) and asks `services.may_manage` for the process."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post
from madoguchi.identity.staff import staff_required

from .. import services
from ..forms import AnswerProposalForm, BlockForm, MinutesForm, ModerationForm, PaperAnswerForm
from ..models import Comment, PhaseKind, Process, Proposal, Statement, Survey, Workshop
from .common import crumbs, ensure_manager


@staff_required
def set_phase(request, pk: int):
    process = get_object_or_404(Process, pk=pk)
    ensure_manager(request, process)
    if (refused := unless_post(request)) is not None:
        return refused
    phase = request.POST.get("phase")
    if phase in PhaseKind.values:
        services.set_phase(process, by=request.user, phase=phase)
        messages.success(request, _("段階を変更しました。"))
    return redirect(process)


@staff_required
def proposal_answer(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    ensure_manager(request, proposal.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = AnswerProposalForm(request.POST)
    if form.is_valid():
        services.answer_proposal(proposal, by=request.user, **form.cleaned_data)
        messages.success(request, _("市の回答を公開しました。"))
    else:
        messages.error(request, _("回答の内容を確認してください。"))
    return redirect(proposal)


# --- moderation --------------------------------------------------------------------------------


@staff_required
def moderation(request):
    return render(
        request,
        "participation/moderation.html",
        {
            **services.moderation_queue(request.user),
            "form": ModerationForm(),
            "block_form": BlockForm(),
            "crumbs": crumbs((_("モデレーション"), "")),
        },
    )


@staff_required
def moderate(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("process"), pk=pk)
    ensure_manager(request, comment.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = ModerationForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        if action == "dismiss":
            services.dismiss_reports(comment, by=request.user)
        else:
            services.moderate_comment(
                comment, by=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        messages.success(request, _("処理しました。"))
    return redirect("participation:moderation")


@staff_required
def moderate_statement(request, pk: int):
    statement = get_object_or_404(Statement.objects.select_related("opinion_map__process"), pk=pk)
    ensure_manager(request, statement.opinion_map.process)
    if (refused := unless_post(request)) is not None:
        return refused
    action = "approve" if request.POST.get("action") == "approve" else "hide"
    services.moderate_statement(statement, by=request.user, action=action)
    messages.success(request, _("処理しました。"))
    return redirect("participation:moderation")


@staff_required
def moderate_proposal(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    ensure_manager(request, proposal.process)
    if (refused := unless_post(request)) is not None:
        return refused
    action = "approve" if request.POST.get("action") == "approve" else "hide"
    services.moderate_proposal(proposal, by=request.user, action=action)
    messages.success(request, _("処理しました。"))
    return redirect("participation:moderation")


@staff_required
def block(request, user_id: int):
    user = get_object_or_404(get_user_model(), pk=user_id)
    if not services.moderatable_users(request.user).filter(pk=user.pk).exists():
        raise PermissionDenied(_("担当する参加の場に投稿した利用者だけを投稿停止にできます。"))
    if (refused := unless_post(request)) is not None:
        return refused
    if request.POST.get("action") == "unblock":
        services.unblock_user(user, by=request.user)
        messages.success(request, _("投稿停止を解除しました。"))
    else:
        form = BlockForm(request.POST)
        if form.is_valid():
            services.block_user(user, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("この利用者の投稿を停止しました。"))
        else:
            messages.error(request, _("投稿停止の理由を入力してください。"))
    return redirect("participation:moderation")


# --- surveys and workshops ---------------------------------------------------------------------


@staff_required
def survey_paper(request, pk: int):
    """郵送・紙の回答の入力 (staff)."""
    survey = get_object_or_404(Survey.objects.select_related("process"), pk=pk)
    ensure_manager(request, survey.process)
    form = PaperAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.enter_paper_answer(
            survey,
            by=request.user,
            channel=data["channel"],
            answers=form.answers(),
            age_band=data["age_band"],
            district=data["district"],
            reference=data["reference"],
        )
        messages.success(request, _("郵送・紙の回答を1件登録しました。続けて入力できます。"))
        return redirect("participation:survey_paper", pk=survey.pk)
    return render(
        request,
        "participation/survey_paper.html",
        {
            "survey": survey,
            "form": form,
            "count": survey.responses.exclude(channel="online").count(),
            "crumbs": crumbs(
                (survey.process.title, survey.process.get_absolute_url()),
                (survey.title, survey.get_absolute_url()),
                (_("郵送・紙の回答の入力"), ""),
            ),
        },
    )


@staff_required
def workshop_minutes(request, pk: int):
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    ensure_manager(request, workshop.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.publish_minutes(workshop, by=request.user, **form.cleaned_data)
        messages.success(request, _("記録を公開しました。"))
    return redirect(workshop)
