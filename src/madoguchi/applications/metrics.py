"""The plan's 1-ア outcome indicators, computed from Application records (every channel).

「行政手続利用者のうち、オンラインサービスを利用した人数、割合」 counts people (利用者), not
applications: a resident who applied online twice and on paper once is one user, and an online
user. The 年度 of an application is the one it was received in (受付日時 ``submitted_at``: for
paper, postal and counter applications the date the city received it, which staff give when they
key it in later), not the time of the "submitted" Event.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Channel
from madoguchi.pdca.metrics import Record, metric

from .models import Application

PLAN_WORDING = "行政手続利用者のうち、オンラインサービスを利用した人数、割合"


def received_in(fiscal_year: int, scope: dict | None = None):
    """Applications the city received in 年度 ``fiscal_year`` (JST), by 受付日時.

    Scope ``procedure`` (code) or ``department`` (code) narrows."""
    start, end = fiscal_year_bounds_utc(fiscal_year)
    qs = Application.objects.received().filter(submitted_at__gte=start, submitted_at__lt=end)
    scope = scope or {}
    if scope.get("procedure"):
        qs = qs.filter(procedure__code=scope["procedure"])
    if scope.get("department"):
        qs = qs.filter(department__code=scope["department"])
    return qs


def users(fiscal_year: int, scope: dict | None = None) -> int:
    """行政手続利用者: distinct applicants through any channel."""
    return received_in(fiscal_year, scope).order_by().values("applicant").distinct().count()


def users_by_channel(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    """Distinct applicants per channel (a person who used two channels is in both rows)."""
    rows = (
        received_in(fiscal_year, scope)
        .order_by()
        .values("channel")
        .annotate(n=Count("applicant", distinct=True))
        .values_list("channel", "n")
    )
    return dict(sorted(rows))


def _records(fiscal_year: int, scope: dict | None, *, online_only: bool) -> list[Record]:
    qs = received_in(fiscal_year, scope).select_related("department").order_by("submitted_at", "pk")
    return [
        Record(
            label=f"{a.receipt_number}（{Channel(a.channel).label}）",
            month=to_jst_date(a.submitted_at).strftime("%Y-%m"),
            department=a.department.name,
            counted=a.channel == Channel.ONLINE or not online_only,
            note=f"applicant #{a.applicant_id}",
        )
        for a in qs
    ]


def drill(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    """The applications behind the user counts; the online ones are the counted ones."""
    return _records(fiscal_year, scope, online_only=True)


def drill_all(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return _records(fiscal_year, scope, online_only=False)


def received_by_channel(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    rows = received_in(fiscal_year, scope).order_by().values("channel").annotate(n=Count("pk"))
    return dict(sorted(rows.values_list("channel", "n")))


@metric(
    "online-procedure-users",
    unit="人",
    definition=_(
        "年度内（受付日時による）に申請がオンラインで受け付けられた人の数。同じ人が何度申請しても1人と数えます。"
    ),
    plan_wording=PLAN_WORDING,
    breakdown=users_by_channel,
    drill=drill,
)
def online_users(fiscal_year: int, scope: dict | None = None) -> int:
    qs = received_in(fiscal_year, scope).filter(channel=Channel.ONLINE)
    return qs.order_by().values("applicant").distinct().count()


@metric(
    "online-procedure-user-rate",
    unit="%",
    definition=_(
        "年度内（受付日時による）に一度でもオンラインで申請した人の数 ÷ "
        "いずれかの受付チャネル（オンライン・窓口・紙・郵送）で申請した人の数。人で数え、申請の件数ではありません。"
    ),
    plan_wording=PLAN_WORDING,
    breakdown=users_by_channel,
    drill=drill,
)
def online_user_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    total = users(fiscal_year, scope)
    if not total:
        return None
    return 100 * online_users(fiscal_year, scope) / total


@metric(
    "applications.received",
    name=_("受け付けた申請の件数"),
    unit="件",
    definition=_("年度内（受付日時による）に受け付けた申請の件数。受付チャネル別の内訳付き。"),
    breakdown=received_by_channel,
    drill=drill_all,
)
def received_count(fiscal_year: int, scope: dict | None = None) -> int:
    return received_in(fiscal_year, scope).count()
