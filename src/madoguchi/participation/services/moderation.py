"""Comments, reports and moderation: hiding, approving, blocking; statements of an opinion map
that wait for a moderator."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.models import User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import COMMENT_MODERATION, Verb
from ..models import Block, Comment, Participation, PhaseKind, Process, Proposal, Report, Statement
from .base import (
    NotAllowed,
    _record_participation,
    check_rate,
    ensure_not_blocked,
    managed_processes,
    may_manage,
    moderatable_users,
)


@transaction.atomic
def post_comment(
    process: Process,
    *,
    user: User,
    person=None,
    body: str,
    display_name: str = "",
    proposal: Proposal | None = None,
    parent: Comment | None = None,
    may_comment: bool = True,
) -> Comment:
    """コメントする. Blocked users cannot; everyone is rate-limited; with pre-moderation the
    comment waits for a moderator. The author of the comment replied to is told."""
    if not may_comment:
        raise NotAllowed(_("コメントするにはログインが必要です。"), code="not_allowed")
    ensure_not_blocked(user)
    if process.phase not in (PhaseKind.CONSULTATION, PhaseKind.DELIBERATION):
        raise NotAllowed(_("この参加の場は、いまコメントを受け付けていません。"), code="closed")
    check_rate(user, "comment")
    if parent is not None and parent.process_id != process.pk:
        raise NotAllowed(_("返信先のコメントが見つかりません。"), code="bad_parent")
    status = Comment.Status.PENDING if process.premoderation else Comment.Status.PUBLISHED
    name = display_name or (_("市民") if person is not None else _("参加者"))
    comment = Comment.objects.create(
        process=process,
        proposal=proposal or (parent.proposal if parent else None),
        parent=parent,
        author=user,
        display_name=str(name)[:60],
        body=body,
        status=status,
    )
    _record_participation(
        process,
        comment,
        kind=Participation.Kind.COMMENT,
        channel="online",
        person=person,
        actor=user,
        key=None if person is not None else f"user:{user.pk}",
    )
    if status == Comment.Status.PUBLISHED:
        _notify_reply(comment)
    return comment


def _notify_reply(comment: Comment) -> None:
    parent = comment.parent
    if parent is not None and parent.author_id != comment.author_id:
        notify(parent.author, "participation/emails/reply", comment=comment, parent=parent)


@transaction.atomic
def report_comment(comment: Comment, *, by: User, reason: str, details: str = "") -> Report:
    """通報する: one report per reader per comment."""
    check_rate(by, "report")
    report, created = Report.objects.get_or_create(
        comment=comment, reporter=by, defaults={"reason": reason, "details": details}
    )
    if created:
        record_event(comment, verb=Verb.COMMENT_REPORTED, actor=by, data={"reason": reason})
    return report


def _ensure_manages(by: User, process) -> None:
    """Moderation is for the staff who manage the process (checked here, not only in the views)."""
    if not may_manage(by, process):
        raise PermissionDenied(_("この参加の場を担当する部署の職員だけが操作できます。"))


def _ensure_may_block(by: User, user: User) -> None:
    if not moderatable_users(by).filter(pk=user.pk).exists():
        raise PermissionDenied(_("この参加の場を担当する部署の職員だけが操作できます。"))


@transaction.atomic
def moderate_comment(comment: Comment, *, by: User, action: str, reason: str = "") -> Comment:
    """モデレーション: hide, restore or approve (pre-moderation) a comment; resolves its reports."""
    _ensure_manages(by, comment.process)
    if action == "hide":
        comment.status, comment.hidden_reason = Comment.Status.HIDDEN, reason
    elif action in ("approve", "restore"):
        was_pending = comment.status == Comment.Status.PENDING
        comment.status, comment.hidden_reason = Comment.Status.PUBLISHED, ""
        if was_pending:
            _notify_reply(comment)
    else:
        raise NotAllowed(_("この操作はできません。"), code="bad_action")
    comment.save(update_fields=["status", "hidden_reason"])
    comment.reports.filter(resolved_at=None).update(resolved_at=timezone.now(), resolution=action)
    record_event(comment, verb=COMMENT_MODERATION[action], actor=by, data={"reason": reason})
    bump("participation")
    return comment


@transaction.atomic
def dismiss_reports(comment: Comment, *, by: User) -> None:
    _ensure_manages(by, comment.process)
    comment.reports.filter(resolved_at=None).update(resolved_at=timezone.now(), resolution="dismissed")
    record_event(comment, verb=Verb.REPORTS_DISMISSED, actor=by)


STATEMENT_MODERATION = {
    "approve": (Statement.Status.PUBLISHED, Verb.STATEMENT_APPROVED),
    "hide": (Statement.Status.HIDDEN, Verb.STATEMENT_HIDDEN),
}


@transaction.atomic
def moderate_statement(statement: Statement, *, by: User, action: str) -> Statement:
    """意見のモデレーション: publish (approve) or hide a statement of an opinion map. Only the staff
    who manage its process may."""
    _ensure_manages(by, statement.opinion_map.process)
    if action not in STATEMENT_MODERATION:
        raise NotAllowed(_("この操作はできません。"), code="bad_action")
    status, verb = STATEMENT_MODERATION[action]
    statement.status = status
    statement.save(update_fields=["status"])
    record_event(statement, verb=verb, actor=by)
    bump("participation")
    return statement


@transaction.atomic
def block_user(user: User, *, by: User, reason: str) -> Block:
    """投稿停止: the user can still read but no longer post (someone who posted in a process `by` manages)."""
    _ensure_may_block(by, user)
    block, _created = Block.objects.update_or_create(user=user, defaults={"reason": reason, "blocked_by": by})
    record_event(block, verb=Verb.USER_BLOCKED, actor=by, data={"user": user.pk})
    return block


@transaction.atomic
def unblock_user(user: User, *, by: User) -> None:
    _ensure_may_block(by, user)
    block = Block.objects.filter(user=user).first()
    if block:
        record_event(block, verb=Verb.USER_UNBLOCKED, actor=by, data={"user": user.pk})
        block.delete()


PROPOSAL_MODERATION = {
    "approve": (Proposal.Moderation.PUBLISHED, Verb.PROPOSAL_APPROVED),
    "hide": (Proposal.Moderation.HIDDEN, Verb.PROPOSAL_HIDDEN),
}


@transaction.atomic
def moderate_proposal(proposal: Proposal, *, by: User, action: str) -> Proposal:
    """提案のモデレーション: publish (approve) or hide a proposal held for checking. Only the staff
    who manage its process may."""
    _ensure_manages(by, proposal.process)
    if action not in PROPOSAL_MODERATION:
        raise NotAllowed(_("この操作はできません。"), code="bad_action")
    proposal.moderation, verb = PROPOSAL_MODERATION[action]
    proposal.save(update_fields=["moderation"])
    record_event(proposal, verb=verb, actor=by)
    bump("participation")
    return proposal


def moderation_queue(user: User) -> dict:
    """What waits for `user` as a moderator, in the processes they manage: comments pending or with
    open reports (each with `open_reports`), pending statements, and the blocks they may lift."""
    open_reports = Report.objects.filter(resolved_at=None)
    processes = managed_processes(user)
    return {
        "comments": Comment.objects.filter(process__in=processes)
        .filter(Q(status=Comment.Status.PENDING) | Q(reports__resolved_at=None))
        .distinct()
        .select_related("process", "author")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports")),
        "proposals": Proposal.objects.filter(
            moderation=Proposal.Moderation.PENDING, process__in=processes
        ).select_related("process"),
        "statements": Statement.objects.filter(
            status=Statement.Status.PENDING, opinion_map__process__in=processes
        ).select_related("opinion_map"),
        "blocks": Block.objects.filter(user__in=moderatable_users(user)).select_related("user"),
    }
