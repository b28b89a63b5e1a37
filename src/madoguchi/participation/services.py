"""市民参加の操作: the only place that changes participation state.

Every act of taking part writes a Participation row (channel, age band, district, 年度 — for the
plan's indicators) and a core Event with its channel, in one transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Channel
from madoguchi.core.notifications import notify

from .models import (
    AgeBand,
    Block,
    Comment,
    Follow,
    OpinionMap,
    Participation,
    ParticipationChannel,
    PhaseKind,
    Process,
    Proposal,
    Registration,
    Report,
    Statement,
    Support,
    Survey,
    SurveyResponse,
    Vote,
    Workshop,
)


class ParticipationError(ValidationError):
    """A refusal the resident sees, in their language."""


class NotAllowed(ParticipationError):
    pass


class AlreadyDone(ParticipationError):
    pass


class RateLimited(ParticipationError):
    pass


class Blocked(ParticipationError):
    pass


# --- who is taking part ------------------------------------------------------------------------

EVENT_CHANNEL = {
    ParticipationChannel.ONLINE: Channel.ONLINE,
    ParticipationChannel.IN_PERSON: Channel.COUNTER,
    ParticipationChannel.POSTAL: Channel.POSTAL,
    ParticipationChannel.PAPER: Channel.PAPER,
}


def participant_key(person) -> str:
    """A keyed digest of the Person: counts participants without naming them."""
    message = f"participation:person:{person.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def age_band_for(person, day=None) -> str:
    age = person.age_on(day or to_jst_date(timezone.now())) if person is not None else None
    if age is None:
        return AgeBand.UNKNOWN
    if age < 20:
        return AgeBand.UNDER_20
    if age >= 70:
        return AgeBand.SEVENTY_PLUS
    return f"{age // 10 * 10}s"


def district_for(person) -> str:
    household = getattr(person, "household", None) if person is not None else None
    return (household.district if household else "") or ""


def _record_participation(
    process: Process,
    subject,
    *,
    kind: str,
    channel: str,
    person=None,
    actor=None,
    age_band: str | None = None,
    district: str | None = None,
    key: str | None = None,
) -> Participation:
    now = timezone.now()
    participation = Participation.objects.create(
        process=process,
        kind=kind,
        channel=channel,
        participant_key=key or (participant_key(person) if person is not None else uuid.uuid4().hex),
        age_band=age_band or age_band_for(person),
        district=district if district is not None else district_for(person),
        fiscal_year=fiscal_year(now),
        created_at=now,
    )
    record_event(
        subject,
        verb=f"participation.{kind}",
        actor=actor,
        channel=EVENT_CHANNEL[ParticipationChannel(channel)],
        data={"process": process.pk, "participation_channel": str(channel)},
    )
    return participation


# --- abuse -------------------------------------------------------------------------------------

DEFAULT_RATE_LIMITS = {  # action: (how many, per seconds)
    "comment": (5, 60),
    "proposal": (3, 3600),
    "statement": (5, 600),
    "report": (10, 3600),
}


def check_rate(user, action: str) -> None:
    """Fixed-window limit per user and action, in the shared cache (Redis in production)."""
    limits = {**DEFAULT_RATE_LIMITS, **getattr(settings, "MADOGUCHI_PARTICIPATION_RATE_LIMITS", {})}
    limit, window = limits[action]
    slot = int(timezone.now().timestamp()) // window
    key = f"participation:rate:{action}:{user.pk}:{slot}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise RateLimited(
            _(
                "短い時間に続けて投稿されたため、受け付けられませんでした。しばらくしてからもう一度お試しください。"
            ),
            code="rate_limited",
        )


def ensure_not_blocked(user) -> None:
    if Block.objects.filter(user=user).exists():
        raise Blocked(
            _("この利用者は投稿を停止されています。お問い合わせは市の担当課へお願いします。"), code="blocked"
        )


def _ensure_collecting(process: Process) -> None:
    if process.phase != PhaseKind.CONSULTATION:
        raise NotAllowed(_("この参加の場は、いま意見を募集していません。"), code="not_collecting")


def _ensure_person(person) -> None:
    if person is None:
        raise NotAllowed(
            _("マイナンバーカードで本人確認をした市民の方だけが参加できます。"), code="not_verified"
        )


# --- who runs a process ------------------------------------------------------------------------


def may_manage(user, process: Process) -> bool:
    """The staff of a process's department run it: its unpublished pages, moderation, the city's
    answers, phases, paper answers and minutes. A process without a department: any staff member."""
    if process.department_id is None:
        return access.can_anywhere(user, access.PARTICIPATION_MANAGE)
    return access.can(user, access.PARTICIPATION_MANAGE, process.department_id)


def managed_processes(user):
    """The processes `user` may manage (see may_manage)."""
    if not access.can_anywhere(user, access.PARTICIPATION_MANAGE):
        return Process.objects.none()
    return Process.objects.filter(
        Q(department__isnull=True)
        | Q(department__in=access.departments_where(user, access.PARTICIPATION_MANAGE))
    )


def moderatable_users(user):
    """The users `user` may block or unblock: those who posted in a process they manage."""
    from django.contrib.auth import get_user_model

    processes = managed_processes(user)
    return get_user_model().objects.filter(
        Q(pk__in=Comment.objects.filter(process__in=processes).values("author_id"))
        | Q(pk__in=Proposal.objects.filter(process__in=processes).values("author_id"))
        | Q(pk__in=Statement.objects.filter(opinion_map__process__in=processes).values("author_id"))
    )


# --- processes ---------------------------------------------------------------------------------


@transaction.atomic
def set_phase(process: Process, *, by, phase: str) -> Process:
    """段階を進める. Moving to 結果報告 tells every follower."""
    process.phase = PhaseKind(phase)
    process.save(update_fields=["phase"])
    record_event(process, verb="participation.phase_changed", actor=by, data={"phase": str(phase)})
    if process.phase == PhaseKind.RESULTS:
        _notify_followers(process, "participation/emails/results", process=process)
    return process


@transaction.atomic
def follow_process(process: Process, *, user) -> Follow:
    follow, _created = Follow.objects.get_or_create(process=process, user=user)
    return follow


@transaction.atomic
def unfollow_process(process: Process, *, user) -> None:
    Follow.objects.filter(process=process, user=user).delete()


def _notify_followers(subject_process: Process, template: str, *, exclude=(), **context) -> None:
    seen = {getattr(u, "pk", u) for u in exclude}
    for follow in subject_process.follows.select_related("user"):
        if follow.user_id in seen:
            continue
        seen.add(follow.user_id)
        notify(follow.user, template, **context)


def send_digests(*, since, until=None) -> int:
    """まとめ通知: each follower gets one message listing what is new in the processes they
    follow (proposals, published comments, workshops). Returns the number of messages queued."""
    until = until or timezone.now()
    sent = 0
    by_user: dict[int, list[Follow]] = {}
    for follow in Follow.objects.select_related("user", "process"):
        by_user.setdefault(follow.user_id, []).append(follow)
    for follows in by_user.values():
        sections = []
        for follow in follows:
            process = follow.process
            proposals = list(process.proposals.filter(created_at__gte=since, created_at__lt=until))
            comments = process.comments.filter(
                status=Comment.Status.PUBLISHED, created_at__gte=since, created_at__lt=until
            ).count()
            if proposals or comments:
                sections.append({"process": process, "proposals": proposals, "comments": comments})
        if sections:
            notify(follows[0].user, "participation/emails/digest", sections=sections)
            sent += 1
    return sent


# --- proposals and supports --------------------------------------------------------------------


@transaction.atomic
def submit_proposal(process: Process, *, person, user, title: str, body: str) -> Proposal:
    """提案する: a verified resident proposes something while the process collects opinions."""
    _ensure_person(person)
    ensure_not_blocked(user)
    _ensure_collecting(process)
    check_rate(user, "proposal")
    proposal = Proposal.objects.create(process=process, title=title, body=body, author=user)
    _record_participation(
        process, proposal, kind=Participation.Kind.PROPOSAL, channel="online", person=person, actor=user
    )
    follow_process(process, user=user)
    return proposal


def support_proposal(proposal: Proposal, *, person, user) -> Support:
    """賛同する: once per verified resident. The unique constraint settles races."""
    _ensure_person(person)
    process = proposal.process
    _ensure_collecting(process)
    if proposal.status != Proposal.Status.OPEN:
        raise NotAllowed(_("この提案への賛同は締め切られました。"), code="closed")
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, person=person)
            Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
            _record_participation(
                process,
                proposal,
                kind=Participation.Kind.SUPPORT,
                channel="online",
                person=person,
                actor=user,
            )
    except IntegrityError:
        raise AlreadyDone(
            _("この提案にはすでに賛同しています。賛同は1人1回です。"), code="duplicate"
        ) from None
    proposal.refresh_from_db(fields=["supports_count"])
    return support


@transaction.atomic
def answer_proposal(proposal: Proposal, *, by, status: str, answer: str, progress: int = 0) -> Proposal:
    """市の回答: what the city decided, with status and progress. Author, supporters and
    followers are told."""
    proposal.status = Proposal.Status(status)
    proposal.answer = answer
    proposal.progress = max(0, min(100, int(progress)))
    proposal.save(update_fields=["status", "answer", "progress"])
    record_event(
        proposal,
        verb="participation.proposal_answered",
        actor=by,
        data={"status": str(status), "progress": proposal.progress},
    )
    recipients: dict[tuple[str, int], object] = {}
    if proposal.author_id:
        recipients[("user", proposal.author_id)] = proposal.author
    for support in proposal.supports.select_related("person"):
        person = support.person
        key = ("user", person.user_id) if person.user_id else ("person", person.pk)
        recipients.setdefault(key, person)
    for recipient in recipients.values():
        notify(recipient, "participation/emails/proposal_answered", proposal=proposal)
    _notify_followers(
        proposal.process,
        "participation/emails/proposal_answered",
        exclude=[pk for kind, pk in recipients if kind == "user"],
        proposal=proposal,
    )
    return proposal


# --- comments and moderation -------------------------------------------------------------------


@transaction.atomic
def post_comment(
    process: Process,
    *,
    user,
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
def report_comment(comment: Comment, *, by, reason: str, details: str = "") -> Report:
    """通報する: one report per reader per comment."""
    check_rate(by, "report")
    report, created = Report.objects.get_or_create(
        comment=comment, reporter=by, defaults={"reason": reason, "details": details}
    )
    if created:
        record_event(comment, verb="participation.comment_reported", actor=by, data={"reason": reason})
    return report


@transaction.atomic
def moderate_comment(comment: Comment, *, by, action: str, reason: str = "") -> Comment:
    """モデレーション: hide, restore or approve (pre-moderation) a comment; resolves its reports."""
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
    record_event(comment, verb=f"participation.comment_{action}", actor=by, data={"reason": reason})
    return comment


@transaction.atomic
def dismiss_reports(comment: Comment, *, by) -> None:
    comment.reports.filter(resolved_at=None).update(resolved_at=timezone.now(), resolution="dismissed")
    record_event(comment, verb="participation.reports_dismissed", actor=by)


@transaction.atomic
def block_user(user, *, by, reason: str) -> Block:
    """投稿停止: the user can still read but no longer post."""
    block, _created = Block.objects.update_or_create(user=user, defaults={"reason": reason, "blocked_by": by})
    record_event(block, verb="participation.user_blocked", actor=by, data={"user": user.pk})
    return block


@transaction.atomic
def unblock_user(user, *, by) -> None:
    block = Block.objects.filter(user=user).first()
    if block:
        record_event(block, verb="participation.user_unblocked", actor=by, data={"user": user.pk})
        block.delete()


# --- surveys -----------------------------------------------------------------------------------


def _respondent_key(survey: Survey, person) -> str:
    message = f"participation:survey:{survey.pk}:{person.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def answer_survey(survey: Survey, *, person, user, answers: dict) -> SurveyResponse:
    """アンケートに答える (online): once per verified resident. In an anonymous survey only a
    per-survey digest is kept, never the Person."""
    _ensure_person(person)
    if not survey.is_open:
        raise NotAllowed(_("このアンケートの回答受付は終了しました。"), code="closed")
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                channel=ParticipationChannel.ONLINE,
                person=None if survey.anonymous else person,
                respondent_key=_respondent_key(survey, person),
                answers={str(k): v for k, v in answers.items()},
            )
            _record_participation(
                survey.process,
                survey,
                kind=Participation.Kind.SURVEY,
                channel="online",
                person=person,
                actor=user,
            )
    except IntegrityError:
        raise AlreadyDone(_("このアンケートにはすでに回答しています。"), code="duplicate") from None
    return response


@transaction.atomic
def enter_paper_answer(
    survey: Survey,
    *,
    by,
    channel: str,
    answers: dict,
    age_band: str = AgeBand.UNKNOWN,
    district: str = "",
    reference: str = "",
) -> SurveyResponse:
    """郵送・紙の回答を入力する: staff type in an answer that came by post or on paper, so both
    channels count in the same results and indicators."""
    channel = ParticipationChannel(channel)
    if channel not in (ParticipationChannel.POSTAL, ParticipationChannel.PAPER):
        raise NotAllowed(_("郵送または紙の回答だけを入力できます。"), code="bad_channel")
    response = SurveyResponse.objects.create(
        survey=survey,
        channel=channel,
        entered_by=by,
        paper_reference=reference,
        answers={str(k): v for k, v in answers.items()},
    )
    _record_participation(
        survey.process,
        survey,
        kind=Participation.Kind.SURVEY,
        channel=channel,
        actor=by,
        age_band=AgeBand(age_band or AgeBand.UNKNOWN),
        district=district,
        key=f"paper:{response.pk}:{uuid.uuid4().hex[:8]}",
    )
    return response


# --- workshops ---------------------------------------------------------------------------------


@transaction.atomic
def register_for_workshop(workshop: Workshop, *, person, user, mode: str) -> Registration:
    """参加を申し込む: confirmed while seats remain for that mode, else on the waiting list."""
    _ensure_person(person)
    mode = ParticipationChannel(mode)
    allowed = {
        Workshop.Format.IN_PERSON: {ParticipationChannel.IN_PERSON},
        Workshop.Format.ONLINE: {ParticipationChannel.ONLINE},
        Workshop.Format.HYBRID: {ParticipationChannel.IN_PERSON, ParticipationChannel.ONLINE},
    }[workshop.format]
    if mode not in allowed:
        raise NotAllowed(_("このワークショップでは、その参加方法は選べません。"), code="bad_mode")
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()  # serialise seat counting
    existing = Registration.objects.filter(workshop=workshop, person=person).first()
    if existing and existing.status != Registration.Status.CANCELLED:
        raise AlreadyDone(_("このワークショップにはすでに申し込んでいます。"), code="duplicate")
    taken = Registration.objects.filter(
        workshop=workshop, mode=mode, status=Registration.Status.CONFIRMED
    ).count()
    status = (
        Registration.Status.CONFIRMED if taken < workshop.capacity_for(mode) else Registration.Status.WAITING
    )
    if existing:
        existing.mode, existing.status, existing.created_at = mode, status, timezone.now()
        existing.save(update_fields=["mode", "status", "created_at"])
        registration = existing
    else:
        registration = Registration.objects.create(workshop=workshop, person=person, mode=mode, status=status)
    _record_participation(
        workshop.process, workshop, kind=Participation.Kind.WORKSHOP, channel=mode, person=person, actor=user
    )
    return registration


@transaction.atomic
def cancel_registration(registration: Registration, *, by) -> Registration:
    """取り消す: the first on the waiting list for the same mode moves up and is told."""
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    record_event(registration.workshop, verb="participation.registration_cancelled", actor=by)
    if was_confirmed:
        nxt = (
            Registration.objects.filter(
                workshop=registration.workshop, mode=registration.mode, status=Registration.Status.WAITING
            )
            .order_by("created_at", "pk")
            .first()
        )
        if nxt:
            nxt.status = Registration.Status.CONFIRMED
            nxt.save(update_fields=["status"])
            notify(nxt.person, "participation/emails/waitlist_confirmed", workshop=registration.workshop)
    return registration


@transaction.atomic
def publish_minutes(workshop: Workshop, *, by, minutes: str, materials_url: str = "") -> Workshop:
    workshop.minutes, workshop.materials_url = minutes, materials_url
    workshop.save(update_fields=["minutes", "materials_url"])
    record_event(workshop, verb="participation.minutes_published", actor=by)
    _notify_followers(workshop.process, "participation/emails/minutes", workshop=workshop)
    return workshop


# --- opinion map -------------------------------------------------------------------------------


def vote_statement(statement: Statement, *, person, user, value: int, channel: str = "online") -> Vote:
    """そう思う／そう思わない／どちらとも言えない. Changing one's mind updates the vote; the first
    vote in a map counts as one participation."""
    _ensure_person(person)
    opinion_map = statement.opinion_map
    _ensure_collecting(opinion_map.process)
    value = Vote.Value(int(value))
    with transaction.atomic():
        first_in_map = not Vote.objects.filter(statement__opinion_map=opinion_map, person=person).exists()
        vote, _created = Vote.objects.update_or_create(
            statement=statement, person=person, defaults={"value": value}
        )
        if first_in_map:
            _record_participation(
                opinion_map.process,
                opinion_map,
                kind=Participation.Kind.OPINION,
                channel=channel,
                person=person,
                actor=user,
            )
    return vote


@transaction.atomic
def add_statement(opinion_map: OpinionMap, *, person, user, text: str) -> Statement:
    _ensure_person(person)
    ensure_not_blocked(user)
    _ensure_collecting(opinion_map.process)
    if not opinion_map.allow_statements:
        raise NotAllowed(_("この問いかけには意見を追加できません。"), code="closed")
    check_rate(user, "statement")
    status = Statement.Status.PENDING if opinion_map.process.premoderation else Statement.Status.PUBLISHED
    statement = Statement.objects.create(opinion_map=opinion_map, text=text, author=user, status=status)
    record_event(statement, verb="participation.statement_added", actor=user, channel=Channel.ONLINE)
    return statement
