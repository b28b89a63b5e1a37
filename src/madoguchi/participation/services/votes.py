"""投票と議論: a proposal that reached its support threshold put to a vote of residents
(consultative or binding; CONSUL's supports → vote), and debates with arguments for and against."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.models import User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import Verb
from ..models import (
    Argument,
    Comment,
    Debate,
    Participation,
    ParticipationChannel,
    Process,
    Proposal,
    Referendum,
    ReferendumVote,
)
from .base import (
    AlreadyDone,
    NotAllowed,
    _ensure_person,
    _notify_followers,
    _record_participation,
    check_rate,
    ensure_not_blocked,
    may_manage,
)


def _ensure_manager(user: User, process: Process) -> None:
    if not may_manage(user, process):
        raise PermissionDenied(_("この参加の場を担当する部署の職員だけが操作できます。"))


# --- votes on proposals ----------------------------------------------------------------------------


@transaction.atomic
def open_referendum(proposal: Proposal, *, by: User, kind: str, question: str = "") -> Referendum:
    """投票にかける: only a published proposal that reached its process's support threshold."""
    _ensure_manager(by, proposal.process)
    if not proposal.is_published:
        raise NotAllowed(_("この提案は公開前の確認中です。"), code="not_published")
    if not proposal.reached_threshold:
        raise NotAllowed(
            _("目標の賛同数（%(n)s人）に達した提案だけを投票にかけられます。")
            % {"n": proposal.process.support_threshold},
            code="below_threshold",
        )
    if Referendum.objects.filter(proposal=proposal).exists():
        raise AlreadyDone(_("この提案はすでに投票にかけています。"), code="duplicate")
    referendum = Referendum.objects.create(
        proposal=proposal,
        kind=Referendum.Kind(kind),
        question=question or _("「%(title)s」に賛成ですか") % {"title": proposal.title},
    )
    Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.OPEN).update(
        status=Proposal.Status.EVALUATING
    )
    record_event(
        referendum, verb=Verb.REFERENDUM_OPENED, actor=by, data={"proposal": proposal.pk, "kind": kind}
    )
    bump("participation")
    _notify_followers(proposal.process, "participation/emails/referendum_opened", referendum=referendum)
    return referendum


def cast_referendum_vote(referendum: Referendum, *, person, user: User, choice: str) -> ReferendumVote:
    """投票する (賛成・反対・白票): once per verified resident; the unique constraint settles races."""
    _ensure_person(person)
    if not referendum.is_open:
        raise NotAllowed(_("この投票は締め切られました。"), code="closed")
    choice = ReferendumVote.Choice(choice)
    try:
        with transaction.atomic():
            vote = ReferendumVote.objects.create(referendum=referendum, person=person, choice=choice)
            Referendum.objects.filter(pk=referendum.pk).update(**{choice.value: F(choice.value) + 1})
            _record_participation(
                referendum.proposal.process,
                referendum,
                kind=Participation.Kind.REFERENDUM,
                channel=ParticipationChannel.ONLINE,
                person=person,
                actor=user,
            )
    except IntegrityError:
        raise AlreadyDone(
            _("この投票にはすでに投票しています。投票は1人1回です。"), code="duplicate"
        ) from None
    referendum.refresh_from_db()
    return vote


def has_voted_on(referendum: Referendum, person) -> bool:
    return person is not None and ReferendumVote.objects.filter(referendum=referendum, person=person).exists()


@transaction.atomic
def close_referendum(referendum: Referendum, *, by: User) -> Referendum:
    """投票を締め切る and publish the count. A binding vote decides the proposal (採用 if more
    賛成 than 反対, else 不採用); a consultative one is advice the city answers."""
    _ensure_manager(by, referendum.proposal.process)
    referendum = Referendum.objects.select_for_update().get(pk=referendum.pk)
    if not referendum.is_open:
        raise AlreadyDone(_("この投票はすでに締め切っています。"), code="duplicate")
    referendum.is_open = False
    referendum.closed_at = timezone.now()
    referendum.save(update_fields=["is_open", "closed_at"])
    proposal = referendum.proposal
    if referendum.kind == Referendum.Kind.BINDING:
        proposal.status = Proposal.Status.ACCEPTED if referendum.passed else Proposal.Status.REJECTED
        proposal.save(update_fields=["status"])
    record_event(
        referendum,
        verb=Verb.REFERENDUM_CLOSED,
        actor=by,
        data={
            "yes": referendum.yes,
            "no": referendum.no,
            "blank": referendum.blank,
            "passed": referendum.passed,
        },
    )
    bump("participation")
    if proposal.author_id:
        notify(proposal.author, "participation/emails/referendum_closed", referendum=referendum)
    _notify_followers(
        proposal.process,
        "participation/emails/referendum_closed",
        exclude=[proposal.author_id] if proposal.author_id else [],
        referendum=referendum,
    )
    return referendum


# --- debates ----------------------------------------------------------------------------------------


@transaction.atomic
def open_debate(process: Process, *, by: User, title: str, description: str = "") -> Debate:
    """議論を始める (staff): a question with arguments for and against."""
    _ensure_manager(by, process)
    debate = Debate.objects.create(process=process, title=title, description=description)
    record_event(debate, verb=Verb.DEBATE_OPENED, actor=by, data={"process": process.pk})
    bump("participation")
    return debate


@transaction.atomic
def close_debate(debate: Debate, *, by: User, conclusion: str) -> Debate:
    _ensure_manager(by, debate.process)
    debate.is_open = False
    debate.conclusion = conclusion
    debate.save(update_fields=["is_open", "conclusion"])
    record_event(debate, verb=Verb.DEBATE_CLOSED, actor=by)
    bump("participation")
    return debate


@transaction.atomic
def add_argument(
    debate: Debate,
    *,
    user: User,
    person=None,
    side: str,
    body: str,
    display_name: str = "",
    may_comment: bool = True,
) -> Argument:
    """議論に意見を出す (賛成・反対): like a comment — signed in, not blocked, rate-limited, held
    for checking when the process pre-moderates."""
    if not may_comment:
        raise NotAllowed(_("意見を出すにはログインが必要です。"), code="not_allowed")
    ensure_not_blocked(user)
    if not debate.is_open:
        raise NotAllowed(_("この議論は意見の受付を終了しました。"), code="closed")
    check_rate(user, "comment")
    process = debate.process
    status = Comment.Status.PENDING if process.premoderation else Comment.Status.PUBLISHED
    name = display_name or (_("市民") if person is not None else _("参加者"))
    argument = Argument.objects.create(
        debate=debate,
        side=Argument.Side(side),
        body=body,
        author=user,
        display_name=str(name)[:60],
        status=status,
    )
    _record_participation(
        process,
        debate,
        kind=Participation.Kind.ARGUMENT,
        channel=ParticipationChannel.ONLINE,
        person=person,
        actor=user,
        key=None if person is not None else f"user:{user.pk}",
    )
    return argument
