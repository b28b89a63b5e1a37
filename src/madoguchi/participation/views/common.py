"""What every page of 市民参加 asks first: who is asking, may they see this process, breadcrumbs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import error_text
from madoguchi.identity.assurance import AssuranceLevel, current_level

from .. import services
from ..labels import label
from ..models import Comment, Process, Proposal


def verified_person(request):
    """The Person of a resident who logged in with the card (CARD_AUTH or better), else None."""
    if current_level(request).satisfies(AssuranceLevel.CARD_AUTH):
        return getattr(request.user, "person", None)
    return None


def may_comment(request, process: Process) -> bool:
    if not request.user.is_authenticated:
        return False
    if verified_person(request) is not None:
        return True
    return process.comments_by_email_users and current_level(request).satisfies(AssuranceLevel.EMAIL)


def refuse(request, error: services.ParticipationError) -> None:
    messages.error(request, error_text(error))


def crumbs(*items):
    return [(label("processes"), reverse("participation:index")), *items]


def published_processes():
    return Process.objects.filter(is_published=True)


def get_process(request, pk: int) -> Process:
    """A published process is public; an unpublished one only for the staff who run it."""
    process = get_object_or_404(Process, pk=pk)
    if not process.is_published and not services.may_manage(request.user, process):
        raise Http404
    return process


def visible_proposals(request, process: Process):
    """Published proposals; one held for checking only to its author and the staff who run it."""
    proposals = process.proposals.all()
    if services.may_manage(request.user, process):
        return proposals
    published = Q(moderation=Proposal.Moderation.PUBLISHED)
    if request.user.is_authenticated:
        return proposals.filter(published | Q(author=request.user, moderation=Proposal.Moderation.PENDING))
    return proposals.filter(published)


def ensure_manager(request, process: Process) -> None:
    if not services.may_manage(request.user, process):
        raise PermissionDenied(_("この参加の場を担当する部署の職員だけが操作できます。"))


def thread(comments) -> list[tuple[Comment, int]]:
    """Comments in reading order with their depth (replies under their parent, at most 3 deep)."""
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[tuple[Comment, int]] = []

    def walk(parent_id, depth):
        for comment in children.get(parent_id, []):
            ordered.append((comment, min(depth, 3)))
            walk(comment.pk, depth + 1)

    walk(None, 0)
    return ordered


def visible_comments(request, qs, process: Process):
    if services.may_manage(request.user, process):
        return qs
    own = Q(author=request.user) if request.user.is_authenticated else Q(pk__in=[])
    return qs.filter(Q(status=Comment.Status.PUBLISHED) | (own & Q(status=Comment.Status.PENDING)))
