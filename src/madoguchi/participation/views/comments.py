"""Comments and replies, and reporting a comment."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post

from .. import services
from ..forms import CommentForm, ReportForm
from ..models import Comment, Proposal
from .common import crumbs, get_process, may_comment, refuse, verified_person


def comment_post(request, pk: int):
    process = get_process(request, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    proposal = None
    if request.POST.get("proposal", "").isdigit():
        proposal = get_object_or_404(Proposal, pk=int(request.POST["proposal"]), process=process)
    back = proposal or process
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("コメントを入力してください。"))
        return redirect(back)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], process=process)
    try:
        comment = services.post_comment(
            process,
            user=request.user,
            person=verified_person(request),
            body=form.cleaned_data["body"],
            display_name=form.cleaned_data["display_name"],
            proposal=proposal,
            parent=parent,
            may_comment=may_comment(request, process),
        )
    except services.ParticipationError as error:
        refuse(request, error)
        return redirect(back)
    if comment.status == Comment.Status.PENDING:
        messages.success(request, _("コメントを受け付けました。担当者が確認した後に公開されます。"))
    else:
        messages.success(request, _("コメントを投稿しました。"))
    return redirect(back)


def comment_report(request, pk: int):
    comment = get_object_or_404(
        Comment.objects.select_related("process", "proposal"), pk=pk, status=Comment.Status.PUBLISHED
    )
    get_process(request, comment.process_id)
    if not request.user.is_authenticated:
        messages.error(request, _("通報するにはログインしてください。"))
        return redirect(comment.proposal or comment.process)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_comment(comment, by=request.user, **form.cleaned_data)
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            messages.success(request, _("通報を受け付けました。担当者が確認します。"))
        return redirect(comment.proposal or comment.process)
    return render(
        request,
        "participation/report.html",
        {
            "comment": comment,
            "form": form,
            "crumbs": crumbs(
                (comment.process.title, comment.process.get_absolute_url()), (_("通報する"), "")
            ),
        },
    )
