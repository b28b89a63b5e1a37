"""Staff pages of 市民参加, for the department that runs a process: phases, the city's answers,
moderation and blocks, postal and paper survey answers; of events: materials, answers to
questions in advance, check-in at the door, the recording and minutes. Each needs a staff
session (with its second factor) and asks `services.may_manage` for the process."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import error_text, id_param, unless_post
from madoguchi.identity.staff import staff_required

from .. import services
from ..forms import (
    AnswerProposalForm,
    AnswerQuestionForm,
    BlockForm,
    CheckInForm,
    MaterialForm,
    MinutesForm,
    ModerationForm,
    PaperAnswerForm,
)
from ..models import (
    Comment,
    EventMaterial,
    EventQuestion,
    PhaseKind,
    Process,
    Proposal,
    Statement,
    Survey,
    Workshop,
)
from .common import crumbs, ensure_manager, refuse


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
    """記録の公開 after the event: minutes (議事録) and the recording's link."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    ensure_manager(request, workshop.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.publish_minutes(workshop, by=request.user, **form.cleaned_data)
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            messages.success(request, _("記録を公開しました。"))
    else:
        messages.error(request, _("録画のURLを確認してください。"))
    return redirect(workshop)


@staff_required
def workshop_materials(request, pk: int):
    """資料の追加 (a PDF or a link) and removal, before or after the event."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    ensure_manager(request, workshop.process)
    if (refused := unless_post(request)) is not None:
        return refused
    if request.POST.get("action") == "remove":
        material = get_object_or_404(
            EventMaterial, pk=id_param(request.POST.get("material")), workshop=workshop
        )
        services.remove_material(material, by=request.user)
        messages.success(request, _("資料「%(title)s」を削除しました。") % {"title": material.title})
        return redirect(workshop)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(workshop)
    try:
        services.add_material(
            workshop,
            by=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data.get("file"),
            url=form.cleaned_data.get("url") or "",
        )
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("資料を追加しました。"))
    return redirect(workshop)


@staff_required
def event_question_answer(request, pk: int):
    question = get_object_or_404(EventQuestion.objects.select_related("workshop__process"), pk=pk)
    ensure_manager(request, question.workshop.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = AnswerQuestionForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            services.answer_question(question, by=request.user, **form.cleaned_data)
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            messages.success(request, _("事前質問に回答しました。"))
    else:
        messages.error(request, _("回答を入力してください。"))
    return redirect(question.workshop)


@staff_required
def workshop_checkin(request, pk: int):
    """会場の受付: scan (a QR scanner types the code) or type the registration's code."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    ensure_manager(request, workshop.process)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.check_in(workshop, token=form.cleaned_data["token"], by=request.user)
        except services.AlreadyDone as error:
            result = {"level": "warning", "text": error_text(error)}
        except services.ParticipationError as error:
            result = {"level": "error", "text": error_text(error)}
        else:
            result = {
                "level": "success",
                "text": _("受付番号 %(number)s の方を受け付けました。") % {"number": registration.pk},
            }
        form = CheckInForm()  # an empty field, ready for the next scan
    return render(
        request,
        "participation/checkin.html",
        {
            "workshop": workshop,
            "form": form,
            "result": result,
            "attendance": services.attendance(workshop),
            "crumbs": crumbs(
                (workshop.process.title, workshop.process.get_absolute_url()),
                (workshop.title, workshop.get_absolute_url()),
                (_("会場の受付"), ""),
            ),
        },
    )
