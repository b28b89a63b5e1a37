"""Running a process: its phase, who follows it, the weekly digest."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from madoguchi.core.events import record_event
from madoguchi.core.models import User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import Verb
from ..models import Comment, Follow, PhaseKind, Process, Proposal, Referendum, ResultUpdate
from .base import _notify_followers


@transaction.atomic
def set_phase(process: Process, *, by: User, phase: str) -> Process:
    """段階を進める. Moving to 結果報告 tells every follower."""
    process.phase = PhaseKind(phase)
    process.save(update_fields=["phase"])
    record_event(process, verb=Verb.PHASE_CHANGED, actor=by, data={"phase": str(phase)})
    bump("participation")
    if process.phase == PhaseKind.RESULTS:
        _notify_followers(process, "participation/emails/results", process=process)
    return process


@transaction.atomic
def follow_process(process: Process, *, user: User) -> Follow:
    follow, _created = Follow.objects.get_or_create(process=process, user=user)
    return follow


@transaction.atomic
def unfollow_process(process: Process, *, user: User) -> None:
    Follow.objects.filter(process=process, user=user).delete()


def send_digests(*, since, until=None) -> int:
    """まとめ通知: each follower gets one message listing what is new in the processes they
    follow (proposals, published comments, budgets that changed phase, progress on results, votes
    on proposals and debates). Returns the number of messages queued."""
    until = until or timezone.now()
    sent = 0
    by_user: dict[int, list[Follow]] = {}
    for follow in Follow.objects.select_related("user", "process"):
        by_user.setdefault(follow.user_id, []).append(follow)
    for follows in by_user.values():
        sections = []
        for follow in follows:
            process = follow.process
            proposals = list(
                process.proposals.filter(
                    created_at__gte=since, created_at__lt=until, moderation=Proposal.Moderation.PUBLISHED
                )
            )
            comments = process.comments.filter(
                status=Comment.Status.PUBLISHED, created_at__gte=since, created_at__lt=until
            ).count()
            window = {"created_at__gte": since, "created_at__lt": until}
            budgets = list(process.budgets.filter(phase_changed_at__gte=since, phase_changed_at__lt=until))
            updates = list(
                ResultUpdate.objects.filter(result__process=process, **window).select_related("result")
            )
            referendums = list(
                Referendum.objects.filter(
                    proposal__process=process,
                    proposal__moderation=Proposal.Moderation.PUBLISHED,
                    opened_at__gte=since,
                    opened_at__lt=until,
                ).select_related("proposal")
            )
            debates = list(process.debates.filter(**window))
            if proposals or comments or budgets or updates or referendums or debates:
                sections.append(
                    {
                        "process": process,
                        "proposals": proposals,
                        "comments": comments,
                        "budgets": budgets,
                        "updates": updates,
                        "referendums": referendums,
                        "debates": debates,
                    }
                )
        if sections:
            notify(follows[0].user, "participation/emails/digest", sections=sections)
            sent += 1
    return sent
