"""Proposals (提案) and supports (賛同), and the city's answer."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.models import User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import Verb
from ..models import Participation, Process, Proposal, Support
from .base import (
    AlreadyDone,
    NotAllowed,
    _ensure_collecting,
    _ensure_person,
    _notify_followers,
    _record_participation,
    check_rate,
    ensure_not_blocked,
)
from .processes import follow_process


@transaction.atomic
def submit_proposal(process: Process, *, person, user: User, title: str, body: str) -> Proposal:
    """提案する: a verified resident proposes something while the process collects opinions."""
    _ensure_person(person)
    ensure_not_blocked(user)
    _ensure_collecting(process)
    check_rate(user, "proposal")
    moderation = Proposal.Moderation.PENDING if process.premoderation else Proposal.Moderation.PUBLISHED
    proposal = Proposal.objects.create(
        process=process, title=title, body=body, author=user, moderation=moderation
    )
    _record_participation(
        process, proposal, kind=Participation.Kind.PROPOSAL, channel="online", person=person, actor=user
    )
    follow_process(process, user=user)
    return proposal


def support_proposal(proposal: Proposal, *, person, user: User) -> Support:
    """賛同する: once per verified resident. The unique constraint settles races."""
    _ensure_person(person)
    process = proposal.process
    _ensure_collecting(process)
    if proposal.status != Proposal.Status.OPEN:
        raise NotAllowed(_("この提案への賛同は締め切られました。"), code="closed")
    if not proposal.is_published:
        raise NotAllowed(_("この提案は公開前の確認中です。"), code="not_published")
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
def withdraw_support(proposal: Proposal, *, person, user: User) -> None:
    """賛同を取り消す: the resident's own support, while the proposal still takes supports. The
    act of taking part stays counted in the indicators; the proposal's count goes down."""
    _ensure_person(person)
    _ensure_collecting(proposal.process)
    if proposal.status != Proposal.Status.OPEN:
        raise NotAllowed(_("この提案への賛同は締め切られたため、取り消せません。"), code="closed")
    deleted, _rows = Support.objects.filter(proposal=proposal, person=person).delete()
    if not deleted:
        raise NotAllowed(_("この提案にはまだ賛同していません。"), code="not_supported")
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") - 1)
    record_event(proposal, verb=Verb.SUPPORT_WITHDRAWN, actor=user)
    bump("participation")
    proposal.refresh_from_db(fields=["supports_count"])


def has_supported(proposal: Proposal, person) -> bool:
    return person is not None and Support.objects.filter(proposal=proposal, person=person).exists()


@transaction.atomic
def answer_proposal(proposal: Proposal, *, by: User, status: str, answer: str, progress: int = 0) -> Proposal:
    """市の回答: what the city decided, with status and progress. Author, supporters and
    followers are told."""
    proposal.status = Proposal.Status(status)
    proposal.answer = answer
    proposal.progress = max(0, min(100, int(progress)))
    proposal.save(update_fields=["status", "answer", "progress"])
    record_event(
        proposal,
        verb=Verb.PROPOSAL_ANSWERED,
        actor=by,
        data={"status": str(status), "progress": proposal.progress},
    )
    bump("participation")
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
