"""The opinion map (みんなの意見): votes on statements and statements added by residents."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, User

from ..events import Verb
from ..models import OpinionMap, Participation, Statement, Vote
from .base import (
    NotAllowed,
    _ensure_collecting,
    _ensure_person,
    _record_participation,
    check_rate,
    ensure_not_blocked,
)


def vote_statement(statement: Statement, *, person, user: User, value: int, channel: str = "online") -> Vote:
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
def add_statement(opinion_map: OpinionMap, *, person, user: User, text: str) -> Statement:
    _ensure_person(person)
    ensure_not_blocked(user)
    _ensure_collecting(opinion_map.process)
    if not opinion_map.allow_statements:
        raise NotAllowed(_("この問いかけには意見を追加できません。"), code="closed")
    check_rate(user, "statement")
    status = Statement.Status.PENDING if opinion_map.process.premoderation else Statement.Status.PUBLISHED
    statement = Statement.objects.create(opinion_map=opinion_map, text=text, author=user, status=status)
    record_event(statement, verb=Verb.STATEMENT_ADDED, actor=user, channel=Channel.ONLINE)
    return statement


def my_votes(opinion_map: OpinionMap, person) -> dict[int, int]:
    """{statement id: vote value} of one resident in a map (empty for no one)."""
    if person is None:
        return {}
    return dict(
        Vote.objects.filter(statement__opinion_map=opinion_map, person=person).values_list(
            "statement_id", "value"
        )
    )
