"""The list of processes and one process's page; following a process."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post

from .. import services
from ..forms import CommentForm, DebateForm
from ..models import PhaseKind
from .common import (
    crumbs,
    get_process,
    may_comment,
    published_processes,
    thread,
    visible_comments,
    visible_proposals,
)


def index(request):
    processes = published_processes().annotate(proposal_count=Count("proposals")).order_by("-created_at")
    return render(request, "participation/index.html", {"processes": processes})


def process_detail(request, pk: int):
    process = get_process(request, pk)
    comments = visible_comments(request, process.comments.filter(proposal=None), process).select_related(
        "author"
    )
    following = request.user.is_authenticated and process.follows.filter(user=request.user).exists()
    return render(
        request,
        "participation/process.html",
        {
            "process": process,
            "phases": list(process.phases.all()),
            "phase_titles": [str(k.label) for k in PhaseKind],
            "phase_index": list(PhaseKind.values).index(process.phase) + 1,
            "proposals": visible_proposals(request, process),
            "answered": visible_proposals(request, process).exclude(answer=""),
            "budgets": process.budgets.all(),
            "results": process.results.all(),
            "debates": process.debates.all(),
            "debate_form": DebateForm(),
            "surveys": process.surveys.all(),
            "workshops": process.workshops.all(),
            "opinion_maps": process.opinion_maps.all(),
            "thread": thread(comments.order_by("created_at", "pk")),
            "comment_form": CommentForm(),
            "may_comment": may_comment(request, process),
            "following": following,
            "is_staff_member": services.may_manage(request.user, process),
            "crumbs": crumbs((process.title, "")),
        },
    )


def follow(request, pk: int):
    process = get_process(request, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    if not request.user.is_authenticated:
        messages.error(request, _("フォローするにはログインしてください。"))
    elif request.POST.get("action") == "unfollow":
        services.unfollow_process(process, user=request.user)
        messages.success(request, _("フォローをやめました。"))
    else:
        services.follow_process(process, user=request.user)
        messages.success(request, _("フォローしました。新しいお知らせや結果をメールでお届けします。"))
    return redirect(process)
