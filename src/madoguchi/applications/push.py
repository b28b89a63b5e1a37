"""Push-type service (プッシュ型): the city invites residents to a procedure before they ask.

A procedure's definition names a rule (`push.rule`, e.g. 児童手当の現況届 → recipients every June;
要介護更新認定 → those whose certification ends within 60 days). A rule looks at the resident
registry (`core.residents`: households, entitlements) and earlier decisions and yields who to invite, for which period, by when. Each
invitation comes with a draft already prefilled from the resident's record, a notification and an
Event, and is tracked until the resident submits (answered) or the deadline passes (expired).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from madoguchi.core import residents
from madoguchi.core.events import record_event
from madoguchi.core.models import Person, User
from madoguchi.core.notifications import notify
from madoguchi.core.registry import Registry
from madoguchi.procedures.services import published_with_push

from .events import Verb
from .models import Application, PushInvitation, State
from .services import start_application
from .services.common import absolute_url


@dataclass(frozen=True)
class Candidate:
    person: Person
    period: str  # e.g. "2026" or the certification's end date
    deadline: datetime.date


class PushRule(Protocol):
    code: str

    def candidates(self, procedure, today: datetime.date) -> Iterable[Candidate]: ...


push_rules: Registry[PushRule] = Registry("push rule")

DECIDED = [State.APPROVED, State.COMPLETED]


def _decided(codes: list[str]):
    return Application.objects.filter(procedure__code__in=codes, state__in=DECIDED).select_related(
        "applicant"
    )


class AnnualToRecipients:
    """Every year, before `month/day`, to those with a decided application of `sources` (受給者),
    and — for child benefits — to household heads with a child under 18 in the household."""

    def __init__(
        self, code: str, *, sources: list[str], month: int, day: int, households_with_children: bool = False
    ):
        self.code, self.sources, self.month, self.day = code, sources, month, day
        self.households_with_children = households_with_children

    def candidates(self, procedure, today):
        deadline = datetime.date(today.year, self.month, self.day)
        if deadline < today:
            deadline = datetime.date(today.year + 1, self.month, self.day)
        lead = (procedure.push or {}).get("lead_days", 30)
        if (deadline - today).days > lead + 31:
            return
        people = {app.applicant for app in _decided(self.sources)}
        if self.households_with_children:  # the resident registry's households (core.residents)
            people.update(residents.heads_with_children(today))
            people.update(
                person
                for person, right in residents.entitled(residents.CHILD_ALLOWANCE)
                if right.valid_on(today)
            )
        for person in people:
            yield Candidate(person, str(deadline.year), deadline)


class CertificationEnding:
    """要介護・要支援認定の更新: those whose certification ends within `days` days. The end is the
    decision date plus the validity of the last certification (`months`)."""

    code = "kaigo-koshin-60d"

    def __init__(self, days: int = 60, months: int = 12):
        self.days, self.months = days, months

    def candidates(self, procedure, today):
        for app in _decided(
            ["kaigo-nintei", "kaigo-koshin-nintei", "kaigo-kubun-henko", "kaigo-nintei-tennyu"]
        ):
            if not app.decided_at:
                continue
            decided = timezone.localtime(app.decided_at).date()
            end = decided + datetime.timedelta(days=round(self.months * 30.44)) - datetime.timedelta(days=1)
            if today <= end <= today + datetime.timedelta(days=self.days):
                yield Candidate(app.applicant, end.isoformat(), end)
        # 要介護認定の有効期間 as the resident registry's adapter delivers it (介護保険システム).
        for person, right in residents.entitled(residents.CARE_CERTIFICATION):
            until = right.valid_until
            if until and today <= until <= today + datetime.timedelta(days=self.days):
                yield Candidate(person, until.isoformat(), until)


push_rules.register(
    AnnualToRecipients(
        "jidou-teate-genkyo-annual",
        sources=["jidou-teate-nintei"],
        month=6,
        day=30,
        households_with_children=True,
    )
)
push_rules.register(
    AnnualToRecipients("hoiku-genkyo-annual", sources=["hoiku-nintei", "hoiku-moushikomi"], month=6, day=30)
)
push_rules.register(
    AnnualToRecipients("jidou-fuyou-genkyo-annual", sources=["jidou-fuyou-genkyo"], month=8, day=31)
)
push_rules.register(
    AnnualToRecipients("kaigo-futan-gendo-annual", sources=["kaigo-futan-gendogaku"], month=7, day=31)
)
push_rules.register(CertificationEnding())


def send_push_invitations(
    procedure, *, today: datetime.date | None = None, by: User | None = None
) -> list[PushInvitation]:
    """Invite everyone the procedure's rule selects and who has not been invited for the period."""
    rule_code = (procedure.push or {}).get("rule")
    if not rule_code or rule_code not in push_rules or not procedure.is_published:
        return []
    today = today or timezone.localdate()
    sent = []
    for candidate in push_rules.get(rule_code).candidates(procedure, today):
        if PushInvitation.objects.filter(
            procedure=procedure, person=candidate.person, period=candidate.period
        ).exists():
            continue
        try:
            with transaction.atomic():
                invitation = PushInvitation.objects.create(
                    procedure=procedure,
                    person=candidate.person,
                    rule=rule_code,
                    period=candidate.period,
                    deadline=candidate.deadline,
                )
                invitation.draft = start_application(
                    procedure, applicant=candidate.person, by=by, invitation=invitation
                )
                invitation.save(update_fields=["draft"])
                record_event(
                    invitation,
                    verb=Verb.PUSH_INVITED,
                    actor=by,
                    data={"procedure": procedure.code, "period": candidate.period},
                )
                notify(
                    candidate.person,
                    "applications/notifications/invitation",
                    invitation=invitation,
                    mine_url=absolute_url(reverse("applications:mine")),
                )
        except IntegrityError:
            continue  # invited concurrently
        sent.append(invitation)
    return sent


def expire_invitations(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return PushInvitation.objects.filter(status=PushInvitation.Status.SENT, deadline__lt=today).update(
        status=PushInvitation.Status.EXPIRED
    )


def run_all(today: datetime.date | None = None) -> dict[str, int]:
    result = {}
    for procedure in published_with_push():
        result[procedure.code] = len(send_push_invitations(procedure, today=today))
    result["expired"] = expire_invitations(today)
    return result
