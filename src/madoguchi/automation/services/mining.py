"""Process mining of the case events (事務フローの可視化, plan 2-イ): from the Event log, per procedure
and period, the directly-follows graph with counts and median times on its edges, the variants,
throughput time, waiting time per step, rework loops (補正依頼 cycles), the bottleneck, and a
before/after comparison at a change date (did the reform help?).

A case is one application: the "submitted" Event names its procedure (`data.procedure`), and the
case's steps are its Events whose verb moves the state (受付, 審査開始, 補正依頼, 再提出, 承認, 却下,
完了, 取下げ). Notes, attachments and assignment are not steps. A synthetic log
(`services.synthetic`) has the same shape with its own subjects, so it never mixes with real cases.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications.services import Verb as CaseVerb
from madoguchi.core import access
from madoguchi.core.models import Event
from madoguchi.procedures import services as procedures

from ..models import SyntheticCase

SOURCES = {
    "records": "applications.application",
    "synthetic": SyntheticCase._meta.label_lower,
}
STEPS = (
    CaseVerb.SUBMITTED,
    CaseVerb.REVIEW_STARTED,
    CaseVerb.CORRECTION_REQUESTED,
    CaseVerb.RESUBMITTED,
    CaseVerb.APPROVED,
    CaseVerb.REJECTED,
    CaseVerb.COMPLETED,
    CaseVerb.WITHDRAWN,
)
DECISIONS = (CaseVerb.APPROVED, CaseVerb.REJECTED)
REWORK = CaseVerb.CORRECTION_REQUESTED  # 補正依頼: the case goes back to the resident
DAY = 86400.0


def step_label(verb: str) -> str:
    try:
        return str(CaseVerb(verb).label)
    except ValueError:
        return verb


@dataclass(frozen=True)
class Step:
    activity: str
    time: datetime


@dataclass
class Trace:
    case_id: str
    steps: list[Step] = field(default_factory=list)

    @property
    def activities(self) -> tuple[str, ...]:
        return tuple(step.activity for step in self.steps)

    @property
    def started(self) -> datetime:
        return self.steps[0].time

    @property
    def duration(self) -> float:
        return (self.steps[-1].time - self.steps[0].time).total_seconds()


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def case_events(procedure_code: str, *, source: str = "records", start=None, end=None) -> QuerySet[Event]:
    """The step Events of the cases of `procedure_code` received in [start, end) (dates, JST)."""
    subject_type = SOURCES[source]
    received = Event.objects.filter(
        subject_type=subject_type, verb=CaseVerb.SUBMITTED, data__procedure=procedure_code
    )
    if start:
        received = received.filter(time__gte=_aware(start))
    if end:
        received = received.filter(time__lt=_aware(end))
    return Event.objects.filter(
        subject_type=subject_type, subject_id__in=received.values("subject_id"), verb__in=STEPS
    ).order_by("subject_id", "time", "pk")


def all_case_traces(*, start: datetime, end: datetime, source: str = "records") -> dict[str, list[Trace]]:
    """The traces of every case received in [start, end) (instants), per procedure code."""
    subject_type = SOURCES[source]
    received = Event.objects.filter(
        subject_type=subject_type, verb=CaseVerb.SUBMITTED, time__gte=start, time__lt=end
    )
    procedure_of = dict(received.values_list("subject_id", "data__procedure"))
    traces: dict[str, Trace] = {}
    for subject_id, verb, moment in (
        Event.objects.filter(
            subject_type=subject_type, subject_id__in=received.values("subject_id"), verb__in=STEPS
        )
        .order_by("subject_id", "time", "pk")
        .values_list("subject_id", "verb", "time")
    ):
        traces.setdefault(subject_id, Trace(subject_id)).steps.append(Step(verb, moment))
    grouped: dict[str, list[Trace]] = defaultdict(list)
    for subject_id, trace in traces.items():
        grouped[str(procedure_of.get(subject_id) or "")].append(trace)
    return dict(grouped)


def event_log(procedure_code: str, *, source: str = "records", start=None, end=None) -> list[Trace]:
    """The cases as traces of steps, in time order, oldest case first."""
    traces: dict[str, Trace] = {}
    for subject_id, verb, moment in case_events(
        procedure_code, source=source, start=start, end=end
    ).values_list("subject_id", "verb", "time"):
        traces.setdefault(subject_id, Trace(subject_id)).steps.append(Step(verb, moment))
    return sorted(traces.values(), key=lambda t: (t.started, t.case_id))


# ---------------------------------------------------------------- the analysis


@dataclass(frozen=True)
class Durations:
    """Seconds: how many, median, mean, 90th percentile, total."""

    count: int
    median: float | None
    mean: float | None
    p90: float | None
    total: float

    @classmethod
    def of(cls, values: list[float]) -> Durations:
        if not values:
            return cls(0, None, None, None, 0.0)
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        return cls(len(values), statistics.median(values), statistics.fmean(values), p90, float(sum(values)))

    def days(self, which: str = "median") -> float | None:
        value = getattr(self, which)
        return None if value is None else round(value / DAY, 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "median_days": self.days("median"),
            "mean_days": self.days("mean"),
            "p90_days": self.days("p90"),
            "total_days": round(self.total / DAY, 2),
        }


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    durations: Durations

    @property
    def count(self) -> int:
        return self.durations.count

    @property
    def label(self) -> str:
        return f"{step_label(self.source)} → {step_label(self.target)}"

    @property
    def is_backward(self) -> bool:
        """Goes back to an earlier step (a loop): drawn on the other side of the map."""
        return STEPS.index(self.target) <= STEPS.index(self.source) if self.target in STEPS else False


@dataclass(frozen=True)
class Activity:
    activity: str
    count: int  # occurrences
    cases: int  # cases in which it occurs
    wait: Durations  # time since the case's previous step

    @property
    def label(self) -> str:
        return step_label(self.activity)


@dataclass(frozen=True)
class Variant:
    activities: tuple[str, ...]
    count: int
    share: float  # percent of cases
    throughput: Durations

    @property
    def label(self) -> str:
        return " → ".join(step_label(a) for a in self.activities)


@dataclass(frozen=True)
class Rework:
    """補正依頼 cycles: how many cases went back to the resident, how often, for how long."""

    cases: int
    share: float | None  # percent of cases
    cycles: int
    max_cycles: int
    distribution: dict[int, int]  # cycles → cases
    correction_time: Durations  # 補正依頼 → 再提出
    repeated: dict[str, int]  # any step met twice or more in a case → cases


@dataclass(frozen=True)
class Analysis:
    cases: int
    events: int
    edges: list[Edge]
    starts: dict[str, int]
    ends: dict[str, int]
    activities: list[Activity]
    variants: list[Variant]
    throughput: Durations
    processing: Durations  # 受付 → 決定 (承認・却下)
    rework: Rework
    bottleneck: Edge | None


def _decision_seconds(trace: Trace) -> float | None:
    for step in trace.steps:
        if step.activity in DECISIONS:
            return (step.time - trace.started).total_seconds()
    return None


def analyse(traces: list[Trace]) -> Analysis:
    """Everything the mining page shows, from the traces (pure: no database)."""
    edge_times: dict[tuple[str, str], list[float]] = defaultdict(list)
    waits: dict[str, list[float]] = defaultdict(list)
    occurrences: Counter[str] = Counter()
    in_cases: Counter[str] = Counter()
    repeated: Counter[str] = Counter()
    cycles_per_case: list[int] = []
    correction: list[float] = []
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    for trace in traces:
        steps = trace.steps
        starts[steps[0].activity] += 1
        ends[steps[-1].activity] += 1
        counts = Counter(trace.activities)
        occurrences.update(counts)
        in_cases.update(counts.keys())
        repeated.update(a for a, n in counts.items() if n > 1)
        cycles_per_case.append(counts.get(REWORK, 0))
        for previous, step in zip(steps, steps[1:], strict=False):
            seconds = (step.time - previous.time).total_seconds()
            edge_times[(previous.activity, step.activity)].append(seconds)
            waits[step.activity].append(seconds)
            if previous.activity == REWORK and step.activity == CaseVerb.RESUBMITTED:
                correction.append(seconds)
    edges = sorted(
        (Edge(a, b, Durations.of(times)) for (a, b), times in edge_times.items()),
        key=lambda e: (-e.count, e.source, e.target),
    )
    activities = sorted(
        (Activity(a, occurrences[a], in_cases[a], Durations.of(waits.get(a, []))) for a in occurrences),
        key=lambda a: (STEPS.index(a.activity) if a.activity in STEPS else len(STEPS), a.activity),
    )
    by_variant: dict[tuple[str, ...], list[Trace]] = defaultdict(list)
    for trace in traces:
        by_variant[trace.activities].append(trace)
    variants = sorted(
        (
            Variant(
                key,
                len(group),
                round(100 * len(group) / len(traces), 1),
                Durations.of([t.duration for t in group]),
            )
            for key, group in by_variant.items()
        ),
        key=lambda v: (-v.count, v.activities),
    )
    reworked = [n for n in cycles_per_case if n]
    rework = Rework(
        cases=len(reworked),
        share=round(100 * len(reworked) / len(traces), 1) if traces else None,
        cycles=sum(reworked),
        max_cycles=max(reworked, default=0),
        distribution=dict(sorted(Counter(cycles_per_case).items())),
        correction_time=Durations.of(correction),
        repeated=dict(sorted(repeated.items())),
    )
    # The bottleneck: the hand-over where cases spent the most time in all (Disco's "total
    # duration"): a slow step that few cases take matters less than one every case waits at.
    bottleneck = max(edges, key=lambda e: (e.durations.total, e.count), default=None)
    decided = [s for t in traces if (s := _decision_seconds(t)) is not None]
    return Analysis(
        cases=len(traces),
        events=sum(len(t.steps) for t in traces),
        edges=edges,
        starts=dict(starts),
        ends=dict(ends),
        activities=activities,
        variants=variants,
        throughput=Durations.of([t.duration for t in traces]),
        processing=Durations.of(decided),
        rework=rework,
        bottleneck=bottleneck if bottleneck is not None and bottleneck.durations.total > 0 else None,
    )


@dataclass(frozen=True)
class Comparison:
    """Before and after a change date (cases received before it, and on or after it)."""

    change_on: date
    before: Analysis
    after: Analysis


def compare(traces: list[Trace], change_on: date) -> Comparison:
    cut = _aware(change_on)
    return Comparison(
        change_on,
        analyse([t for t in traces if t.started < cut]),
        analyse([t for t in traces if t.started >= cut]),
    )


def median_processing_days(traces: list[Trace]) -> float | None:
    """Median days from 受付 to the decision (承認・却下), over the decided cases."""
    return analyse(traces).processing.days("median")


def parse_period(params) -> tuple[date | None, date | None, date | None, dict[str, str]]:
    """start, end, change (YYYY-MM-DD) from query parameters, with a message per bad field."""
    errors: dict[str, str] = {}
    values: dict[str, date | None] = {}
    for name in ("start", "end", "change"):
        raw = (params.get(name) or "").strip()
        values[name] = None
        if raw:
            try:
                values[name] = date.fromisoformat(raw)
            except ValueError:
                errors[name] = _("日付は 2025-04-01 の形で入力してください。")
    start, end = values["start"], values["end"]
    if start and end and end <= start:
        errors["end"] = _("終わりの日は始めの日より後にしてください。")
    return start, end, values["change"], errors


def as_dict(analysis: Analysis) -> dict[str, Any]:
    """The analysis as JSON (the API)."""
    return {
        "cases": analysis.cases,
        "events": analysis.events,
        "throughput": analysis.throughput.as_dict(),
        "processing": analysis.processing.as_dict(),
        "starts": analysis.starts,
        "ends": analysis.ends,
        "edges": [
            {"source": e.source, "target": e.target, "label": e.label, **e.durations.as_dict()}
            for e in analysis.edges
        ],
        "steps": [
            {
                "activity": a.activity,
                "label": a.label,
                "occurrences": a.count,
                "cases": a.cases,
                "wait": a.wait.as_dict(),
            }
            for a in analysis.activities
        ],
        "variants": [
            {
                "activities": list(v.activities),
                "label": v.label,
                "cases": v.count,
                "share": v.share,
                "throughput": v.throughput.as_dict(),
            }
            for v in analysis.variants
        ],
        "rework": {
            "activity": REWORK,
            "label": step_label(REWORK),
            "cases": analysis.rework.cases,
            "share": analysis.rework.share,
            "cycles": analysis.rework.cycles,
            "max_cycles": analysis.rework.max_cycles,
            "distribution": {str(k): v for k, v in analysis.rework.distribution.items()},
            "correction_time": analysis.rework.correction_time.as_dict(),
            "repeated_steps": analysis.rework.repeated,
        },
        "bottleneck": (
            {
                "source": analysis.bottleneck.source,
                "target": analysis.bottleneck.target,
                "label": analysis.bottleneck.label,
                **analysis.bottleneck.durations.as_dict(),
            }
            if analysis.bottleneck
            else None
        ),
    }


# ---------------------------------------------------------------- who may look


def mined_procedures(user):
    """The procedures whose flow `user` may analyse: those of the departments where they hold
    automation.manage."""
    return procedures.procedures_in(access.departments_where(user, access.AUTOMATION_MANAGE)).order_by("code")


def access_mined_procedure(user, code: str):
    """The procedure `code` for its department's staff; 404 when missing or another department's."""
    procedure = procedures.get_procedure_by_code(code)
    if procedure is None or not access.can(user, access.AUTOMATION_MANAGE, procedure.department_id):
        raise Http404
    return procedure
