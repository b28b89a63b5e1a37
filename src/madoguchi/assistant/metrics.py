"""Supporting figures of the resident assistant (plan 2-イ チャットボット), from its question log:
how often it answered, how often residents said the answer helped, and how often a question went
on to a person. None of them is a plan indicator (they are named ``assistant.*``); a city whose
plan counts one points the indicator's metric_code at it. The chatbot's share in 2-イ's
業務の効率化を図るデジタル技術を導入している課の割合 comes through the tools register
(services.conversation notes the first answer for each department).

scope: {"department": <部署コード>} narrows each figure to questions answered for that department.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.pdca.metrics import Record, metric

from .models import CallbackRequest, Feedback, Inquiry, QuestionLog


def _logs(fiscal_year: int, scope: dict | None = None) -> QuerySet[QuestionLog]:
    start, end = fiscal_year_bounds_utc(fiscal_year)
    logs = QuestionLog.objects.filter(asked_at__gte=start, asked_at__lt=end)
    department = (scope or {}).get("department")
    if department:
        logs = logs.filter(department__code=department)
    return logs.annotate(
        handed_off=Exists(Inquiry.objects.filter(log=OuterRef("pk")))
        | Exists(CallbackRequest.objects.filter(log=OuterRef("pk")))
    ).select_related("department")


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _answered(log) -> bool:
    return log.confident


def _handed_off(log) -> bool:
    return log.handed_off


def _by_department(counted: Callable, logs) -> dict[str, float]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for log in logs:
        name = log.department.name if log.department_id else str(_("（部署なし）"))
        totals[name][1] += 1
        totals[name][0] += bool(counted(log))
    return {name: _rate(part, whole) for name, (part, whole) in sorted(totals.items()) if whole}


def _records(counted: Callable, note: Callable | None = None):
    def drill(fiscal_year: int, scope: dict | None = None) -> list[Record]:
        return [
            Record(
                label=f"{log.text}（{log.get_via_display()}）",
                month=to_jst_date(log.asked_at).strftime("%Y-%m"),
                department=log.department.name if log.department_id else "",
                counted=bool(counted(log)),
                note=note(log) if note else "",
            )
            for log in _logs(fiscal_year, scope).order_by("asked_at", "pk")
        ]

    return drill


@metric(
    "assistant.answered_rate",
    name=_("問合せ案内の回答率"),
    unit="%",
    definition=_(
        "年度内に問合せ案内（質問ページ・各ページの案内・API・LINE）に寄せられた質問のうち、最上位の回答が"
        "確からしさのしきい値を超えて「回答できた」質問の割合（%、小数第1位まで）。部署別の内訳は最上位の回答の"
        "担当部署ごと。質問のない年度は値なし。"
    ),
    breakdown=lambda year, scope=None: _by_department(_answered, _logs(year, scope)),
    drill=_records(_answered),
)
def answered_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    logs = _logs(fiscal_year, scope)
    return _rate(logs.filter(confident=True).count(), logs.count())


def _feedback(fiscal_year: int, scope: dict | None = None) -> QuerySet[Feedback]:
    return Feedback.objects.filter(log__in=_logs(fiscal_year, scope).values("pk")).select_related(
        "log__department"
    )


def _helpful_by_department(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in _feedback(fiscal_year, scope):
        name = item.log.department.name if item.log.department_id else str(_("（部署なし）"))
        totals[name][1] += 1
        totals[name][0] += item.helpful
    return {name: _rate(part, whole) for name, (part, whole) in sorted(totals.items()) if whole}


def _helpful_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=item.log.text,
            month=to_jst_date(item.log.asked_at).strftime("%Y-%m"),
            department=item.log.department.name if item.log.department_id else "",
            counted=item.helpful,
            note=str(_("役に立った")) if item.helpful else str(_("役に立たなかった")),
        )
        for item in _feedback(fiscal_year, scope).order_by("log__asked_at", "pk")
    ]


@metric(
    "assistant.helpful_rate",
    name=_("問合せ案内の回答が役に立った割合"),
    unit="%",
    definition=_(
        "年度内の質問への回答のうち、住民が「この回答は役に立ちましたか？」に答えたものについて、「はい」の割合"
        "（%、小数第1位まで。同じ質問に何度か答えた場合は最後の答え）。答えのない年度は値なし。"
    ),
    breakdown=_helpful_by_department,
    drill=_helpful_records,
)
def helpful_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    feedback = _feedback(fiscal_year, scope)
    return _rate(feedback.filter(helpful=True).count(), feedback.count())


@metric(
    "assistant.handoff_rate",
    name=_("問合せ案内から職員への引継ぎ率"),
    unit="%",
    definition=_(
        "年度内に問合せ案内に寄せられた質問のうち、住民が職員への問合せ（開庁時間内）または折返しの依頼"
        "（時間外）に進んだ質問の割合（%、小数第1位まで）。質問のない年度は値なし。"
    ),
    breakdown=lambda year, scope=None: _by_department(_handed_off, _logs(year, scope)),
    drill=_records(_handed_off),
)
def handoff_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    logs = list(_logs(fiscal_year, scope))
    return _rate(sum(1 for log in logs if log.handed_off), len(logs))
