"""Who takes part and who runs a process: refusals, participant digests, the Participation row
and its Event, rate limits and blocks, and the staff who manage a process."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Channel, User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import taking_part
from ..models import (
    AgeBand,
    Block,
    Comment,
    Participation,
    ParticipationChannel,
    PhaseKind,
    Process,
    Proposal,
    Statement,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


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
    actor: User | None = None,
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
        verb=taking_part(kind),
        actor=actor,
        channel=EVENT_CHANNEL[ParticipationChannel(channel)],
        data={"process": process.pk, "participation_channel": str(channel)},
    )
    bump("participation")  # counts and comments on the public pages change at once
    return participation


def _notify_followers(subject_process: Process, template: str, *, exclude=(), **context) -> None:
    seen = {getattr(u, "pk", u) for u in exclude}
    for follow in subject_process.follows.select_related("user"):
        if follow.user_id in seen:
            continue
        seen.add(follow.user_id)
        notify(follow.user, template, **context)


# --- abuse -------------------------------------------------------------------------------------

DEFAULT_RATE_LIMITS = {  # action: (how many, per seconds)
    "comment": (5, 60),
    "proposal": (3, 3600),
    "statement": (5, 600),
    "report": (10, 3600),
}


def check_rate(user: User, action: str) -> None:
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


def ensure_not_blocked(user: User) -> None:
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


def may_manage(user: User | AnonymousUser, process: Process) -> bool:
    """The staff of a process's department run it: its unpublished pages, moderation, the city's
    answers, phases, paper answers and minutes. A process without a department: any staff member."""
    if process.department_id is None:
        return access.can_anywhere(user, access.PARTICIPATION_MANAGE)
    return access.can(user, access.PARTICIPATION_MANAGE, process.department_id)


def managed_processes(user: User | AnonymousUser):
    """The processes `user` may manage (see may_manage)."""
    if not access.can_anywhere(user, access.PARTICIPATION_MANAGE):
        return Process.objects.none()
    return Process.objects.filter(
        Q(department__isnull=True)
        | Q(department__in=access.departments_where(user, access.PARTICIPATION_MANAGE))
    )


def moderatable_users(user: User | AnonymousUser):
    """The users `user` may block or unblock: those who posted in a process they manage."""
    processes = managed_processes(user)
    return get_user_model().objects.filter(
        Q(pk__in=Comment.objects.filter(process__in=processes).values("author_id"))
        | Q(pk__in=Proposal.objects.filter(process__in=processes).values("author_id"))
        | Q(pk__in=Statement.objects.filter(opinion_map__process__in=processes).values("author_id"))
    )
