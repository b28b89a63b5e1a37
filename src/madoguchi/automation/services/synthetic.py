"""合成イベントログ: a made-up history of one procedure's cases with a planted bottleneck (one
hand-over made slow until a change date) and a planted rework loop (a share of cases sent back for
補正 one to three times). The mining page and API must name both: that is how staff, and the
tests, know the analysis finds what is there.

The Events are written with the times of the story (bulk, not through `record_event`): they are
not acts of the city and carry their own subject type (`automation.syntheticcase`), so no
indicator and no real case's mining ever reads them. Making the log is itself recorded.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, Event

from ..events import Verb
from ..models import SyntheticCase, SyntheticLog
from .mining import SOURCES, CaseVerb

if TYPE_CHECKING:
    from madoguchi.core.models import User

V = CaseVerb
# Typical days for each hand-over of the story; each case draws 0.5–1.5 times these.
BASE_DAYS: dict[tuple[str, str], float] = {
    (V.SUBMITTED, V.REVIEW_STARTED): 1.0,
    (V.REVIEW_STARTED, V.CORRECTION_REQUESTED): 1.5,
    (V.CORRECTION_REQUESTED, V.RESUBMITTED): 4.0,
    (V.CORRECTION_REQUESTED, V.WITHDRAWN): 6.0,
    (V.RESUBMITTED, V.REVIEW_STARTED): 0.8,
    (V.REVIEW_STARTED, V.APPROVED): 1.5,
    (V.REVIEW_STARTED, V.REJECTED): 2.0,
    (V.APPROVED, V.COMPLETED): 0.5,
}
PLANTABLE = [
    (V.SUBMITTED, V.REVIEW_STARTED),
    (V.REVIEW_STARTED, V.APPROVED),
    (V.APPROVED, V.COMPLETED),
]
SLOWDOWN = 8  # the planted hand-over takes this many times longer (until the change date)


def _story(rng: random.Random, reworks: int) -> list[str]:
    steps: list[str] = [V.SUBMITTED, V.REVIEW_STARTED]
    for cycle in range(reworks):
        steps.append(V.CORRECTION_REQUESTED)
        if cycle == reworks - 1 and rng.random() < 0.1:
            return [*steps, V.WITHDRAWN]  # gave up after being asked again
        steps += [V.RESUBMITTED, V.REVIEW_STARTED]
    if rng.random() < 0.06:
        return [*steps, V.REJECTED]
    steps.append(V.APPROVED)
    if rng.random() < 0.9:
        steps.append(V.COMPLETED)
    return steps


@transaction.atomic
def make_synthetic_log(
    procedure_code: str,
    *,
    by: User | None = None,
    cases: int = 120,
    seed: int = 1,
    starts_on: date | None = None,
    days: int = 300,
    bottleneck: tuple[str, str] = (V.REVIEW_STARTED, V.APPROVED),
    rework_share: float = 0.35,
    change_on: date | None = None,
) -> SyntheticLog:
    """Write a synthetic log of `cases` cases received over `days` days from `starts_on`; the
    `bottleneck` hand-over is slow for cases received before `change_on` (all of them without it)."""
    if tuple(bottleneck) not in PLANTABLE:
        raise ValidationError(_("停滞を仕込める工程ではありません。"))
    if not 1 <= cases <= 5000:
        raise ValidationError(_("件数は1から5000までにしてください。"))
    if not 0 <= rework_share <= 1:
        raise ValidationError(_("補正依頼の割合は0から1までにしてください。"))
    starts_on = starts_on or timezone.localdate() - timedelta(days=days)
    rng = random.Random(seed)
    log = SyntheticLog.objects.create(
        procedure_code=procedure_code,
        seed=seed,
        cases=cases,
        starts_on=starts_on,
        bottleneck_from=bottleneck[0],
        bottleneck_to=bottleneck[1],
        rework_share=rework_share,
        change_on=change_on,
        created_by=by if by is not None and getattr(by, "is_authenticated", False) else None,
    )
    subjects = SyntheticCase.objects.bulk_create(SyntheticCase(log=log, number=n + 1) for n in range(cases))
    cut = timezone.make_aware(datetime.combine(change_on, time.min)) if change_on else None
    events = []
    for subject in subjects:
        received = timezone.make_aware(
            datetime.combine(starts_on + timedelta(days=rng.uniform(0, days)), time(9))
            + timedelta(minutes=rng.randrange(0, 480))
        )
        reworks = 0
        if rng.random() < rework_share:
            reworks = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
        story = _story(rng, reworks)
        moment = received
        slow = cut is None or received < cut
        for index, verb in enumerate(story):
            if index:
                hand_over = (story[index - 1], verb)
                base = BASE_DAYS[hand_over] * (SLOWDOWN if slow and hand_over == tuple(bottleneck) else 1)
                moment += timedelta(days=base * rng.uniform(0.5, 1.5))
            data = {"procedure": procedure_code, "synthetic_log": log.pk} if index == 0 else {}
            events.append(
                Event(
                    time=moment,
                    subject_type=SOURCES["synthetic"],
                    subject_id=str(subject.pk),
                    verb=verb,
                    channel=Channel.ONLINE if index == 0 else Channel.SYSTEM,
                    data=data,
                )
            )
    Event.objects.bulk_create(events, batch_size=500)
    record_event(
        log,
        verb=Verb.SYNTHETIC_LOG_MADE,
        actor=by,
        data={
            "procedure": procedure_code,
            "cases": cases,
            "events": len(events),
            "bottleneck": list(bottleneck),
        },
    )
    return log


def synthetic_logs(procedure_code: str | None = None):
    logs = SyntheticLog.objects.all()
    return logs.filter(procedure_code=procedure_code) if procedure_code else logs
