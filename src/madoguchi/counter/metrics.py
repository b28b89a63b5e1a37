"""PDCA metrics computed from the counter's records (plan 1-ウ, 1-エ: shorter waits at the counter).

The plan gives 1-ウ's indicators no content: 「（仮称）国分寺市新庁舎窓口サービス実施計画にて定める
活動指標／成果指標」. Until that counter plan exists, Madoguchi defines them from what the counter
records (and says so on the plan page, see pdca/data/kokubunji-plan-2022.json):

- activity: 書かない窓口 sessions confirmed by the resident in the 年度;
- outcome: the share of finished counter visits (整理券) in which the forms were prepared for the
  resident at the no-writing counter.

Average and 90th-percentile waits are supporting measures (``counter.average_wait``,
``counter.p90_wait``), shown with the counter plan's outcome.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.pdca.metrics import Record, metric

from .models import CounterSession, ServiceCategory, Ticket

COUNTER_PLAN = "「（仮称）国分寺市新庁舎窓口サービス実施計画」にて定める"


def _tickets(fiscal_year: int):
    start, end = fiscal_year_bounds_utc(fiscal_year)
    return Ticket.objects.filter(issued_at__gte=start, issued_at__lt=end)


def _waits(fiscal_year: int, scope: dict | None) -> list[float]:
    tickets = _tickets(fiscal_year).filter(first_called_at__isnull=False)
    if scope and scope.get("category"):
        tickets = tickets.filter(category__code=scope["category"])
    return sorted(
        (c - i).total_seconds() / 60 for i, c in tickets.values_list("issued_at", "first_called_at")
    )


def average_wait_by_category(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    result = {}
    for category in ServiceCategory.objects.all():
        value = average_wait(fiscal_year, {"category": category.code})
        if value is not None:
            result[category.name] = value
    return result


@metric(
    "counter.average_wait",
    name=_("窓口の平均待ち時間"),
    unit="分",
    definition=_("年度内に発券された整理券の、発券から最初の呼出までの平均（分）。scope: category"),
    breakdown=average_wait_by_category,
)
def average_wait(fiscal_year: int, scope: dict | None = None) -> float | None:
    waits = _waits(fiscal_year, scope)
    return round(sum(waits) / len(waits), 1) if waits else None


@metric(
    "counter.p90_wait",
    name=_("窓口の待ち時間（90パーセンタイル）"),
    unit="分",
    definition=_(
        "年度内に発券された整理券の、発券から最初の呼出までの90パーセンタイル（10人に9人はこの時間内に呼ばれた）。scope: category"
    ),
)
def p90_wait(fiscal_year: int, scope: dict | None = None) -> float | None:
    waits = _waits(fiscal_year, scope)
    return round(waits[max(0, math.ceil(0.9 * len(waits)) - 1)], 1) if waits else None


def _confirmed_sessions(fiscal_year: int):
    start, end = fiscal_year_bounds_utc(fiscal_year)
    return CounterSession.objects.filter(
        status=CounterSession.Status.CONFIRMED, confirmed_at__gte=start, confirmed_at__lt=end
    )


def sessions_by_life_event(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    result: dict[str, int] = {}
    for life_event in _confirmed_sessions(fiscal_year).values_list("life_event", flat=True):
        result[life_event] = result.get(life_event, 0) + 1
    return dict(sorted(result.items()))


def session_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    sessions = _confirmed_sessions(fiscal_year).prefetch_related("forms__department").order_by("confirmed_at")
    records = []
    for session in sessions:
        departments = sorted({form.department.name for form in session.forms.all() if form.included})
        records.append(
            Record(
                label=f"書かない窓口 #{session.pk}（{session.life_event}）",
                month=to_jst_date(session.confirmed_at).strftime("%Y-%m"),
                department="・".join(departments),
            )
        )
    return records


@metric(
    "counter-plan-activity",
    unit="件",
    definition=_(
        "計画はこの指標を新庁舎窓口サービス実施計画に委ねています。同計画の策定までは、"
        "年度内に書かない窓口で申請書をまとめて作成し、本人が内容を確認した件数とします。ライフイベント別の内訳付き。"
    ),
    plan_wording=COUNTER_PLAN + "活動指標",
    breakdown=sessions_by_life_event,
    drill=session_records,
)
def onestop_sessions(fiscal_year: int, scope: dict | None = None) -> int:
    return _confirmed_sessions(fiscal_year).count()


def _finished_visits(fiscal_year: int):
    return _tickets(fiscal_year).filter(status=Ticket.Status.DONE)


def _visits_with_session(fiscal_year: int) -> set[int]:
    visits = _finished_visits(fiscal_year).values_list("pk", flat=True)
    return set(
        CounterSession.objects.filter(status=CounterSession.Status.CONFIRMED, ticket__in=visits)
        .values_list("ticket_id", flat=True)
        .distinct()
    )


def waits_beside_share(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    """The waits, shown beside the share (minutes)."""
    result = {}
    for label, value in (
        (_("平均待ち時間（分）"), average_wait(fiscal_year)),
        (_("90%の人の待ち時間（分）"), p90_wait(fiscal_year)),
    ):
        if value is not None:
            result[str(label)] = value
    return result


def visit_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    with_session = _visits_with_session(fiscal_year)
    tickets = _finished_visits(fiscal_year).select_related("category__department").order_by("issued_at", "pk")
    return [
        Record(
            label=f"整理券 {t.category.prefix}{t.number}（{t.day:%Y-%m-%d}）",
            month=to_jst_date(t.issued_at).strftime("%Y-%m"),
            department=t.category.department.name if t.category.department_id else "",
            counted=t.pk in with_session,
        )
        for t in tickets
    ]


@metric(
    "counter-plan-outcome",
    unit="%",
    definition=_(
        "計画はこの指標を新庁舎窓口サービス実施計画に委ねています。同計画の策定までは、"
        "年度内に対応を終えた来庁（整理券）のうち、書かない窓口で申請書を作成した来庁の割合とします。"
        "平均待ち時間と90パーセンタイルの待ち時間を内訳に示します。"
    ),
    plan_wording=COUNTER_PLAN + "成果指標",
    breakdown=waits_beside_share,
    drill=visit_records,
)
def no_writing_share(fiscal_year: int, scope: dict | None = None) -> float | None:
    total = _finished_visits(fiscal_year).count()
    if not total:
        return None
    return 100 * len(_visits_with_session(fiscal_year)) / total
