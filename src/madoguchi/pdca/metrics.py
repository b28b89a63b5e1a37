"""PDCA metrics: figures the platform computes from its own records (DESIGN.md §1).

An indicator of the plan is fed either by a registered metric or by manual entry with evidence
and an approver (see `pdca.models.Indicator`). Other apps register their metrics in their
`AppConfig.ready()`::

    from django.utils.translation import gettext_lazy as _
    from madoguchi.pdca.metrics import Metric, metrics

    def count_classes(fiscal_year: int, scope: dict | None) -> int:
        start, end = fiscal_year_bounds_utc(fiscal_year)
        return SmartphoneClass.objects.filter(held_at__gte=start, held_at__lt=end).count()

    metrics.register(Metric(code="learning.classes_held", name=_("講習会の開催回数"),
                            description=_("…"), unit="回", compute=count_classes))

Contract:
- ``compute(fiscal_year, scope)`` returns the value for 年度 ``fiscal_year`` (April–March in JST:
  use ``core.japanese.fiscal.fiscal_year_bounds_utc``), or ``None`` when there is nothing to
  measure (no denominator, module not configured). It must only read.
- ``scope`` is ``None`` (the whole city) or a dict of narrowing keys the metric documents
  (e.g. ``{"channel": "online"}``); unknown keys are ignored.
- Percentages are returned as percent (0–100), with ``unit="%"``.
- Codes are ``<app>.<what>``; registering the same code twice raises ImproperlyConfigured.
- Optional ``breakdown(fiscal_year, scope) -> dict[str, number]`` for a split (per channel, per
  age group) shown beside the headline figure.

Switching a plan indicator from manual entry to a metric is one line in
``pdca/loader.py`` (``INDICATOR_METRICS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from madoguchi.core.registry import Registry

Number = float | int

APPLICATION_SUBJECT = "applications.application"
SUBMITTED = "submitted"


@dataclass(frozen=True)
class Metric:
    code: str
    name: str  # lazy-translated, Japanese source
    description: str
    unit: str
    compute: Callable[[int, dict | None], Number | None]
    breakdown: Callable[[int, dict | None], dict[str, Number]] | None = field(default=None)

    def value(self, fiscal_year: int, scope: dict | None = None) -> Number | None:
        return self.compute(fiscal_year, scope)


metrics: Registry[Metric] = Registry("PDCA metric")


# --- metrics over core.Event ------------------------------------------------------------------


def _events(fiscal_year: int, scope: dict | None):
    """Events of 年度 ``fiscal_year`` (JST), narrowed by scope keys subject_type, verb, channel, data."""
    from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
    from madoguchi.core.models import Event

    start, end = fiscal_year_bounds_utc(fiscal_year)
    qs = Event.objects.filter(time__gte=start, time__lt=end)
    scope = scope or {}
    for key in ("subject_type", "verb", "channel"):
        if scope.get(key):
            qs = qs.filter(**{key: scope[key]})
    for key, value in (scope.get("data") or {}).items():
        qs = qs.filter(**{f"data__{key}": value})
    return qs


def _by_channel(qs) -> dict[str, int]:
    from django.db.models import Count

    rows = qs.order_by().values("channel").annotate(n=Count("pk")).values_list("channel", "n")
    return dict(sorted(rows))


def _submitted(fiscal_year: int, scope: dict | None):
    scope = dict(scope or {})
    scope.update(subject_type=APPLICATION_SUBJECT, verb=SUBMITTED)
    return _events(fiscal_year, scope)


def events_count(fiscal_year: int, scope: dict | None = None) -> int:
    return _events(fiscal_year, scope).count()


def events_by_channel(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    return _by_channel(_events(fiscal_year, scope))


def applications_count(fiscal_year: int, scope: dict | None = None) -> int:
    """Applications accepted in the year (one "submitted" Event each); scope ``channel`` narrows."""
    return _submitted(fiscal_year, scope).count()


def applications_by_channel(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    scope = {k: v for k, v in (scope or {}).items() if k != "channel"}
    return _by_channel(_submitted(fiscal_year, scope))


def online_applications(fiscal_year: int, scope: dict | None = None) -> int:
    return _submitted(fiscal_year, {**(scope or {}), "channel": "online"}).count()


def online_share(fiscal_year: int, scope: dict | None = None) -> float | None:
    """Online applications / applications on all channels, in percent; None when there are none."""
    scope = {k: v for k, v in (scope or {}).items() if k != "channel"}
    counts = _by_channel(_submitted(fiscal_year, scope))
    total = sum(counts.values())
    if not total:
        return None
    return 100 * counts.get("online", 0) / total


def online_applicants(fiscal_year: int, scope: dict | None = None) -> int:
    """People who applied online: distinct signed-in actors, plus one per anonymous submission."""
    qs = _submitted(fiscal_year, {**(scope or {}), "channel": "online"})
    known = qs.exclude(actor=None).order_by().values("actor").distinct().count()
    return known + qs.filter(actor=None).count()


CORE_METRICS = [
    Metric(
        code="core.events",
        name=_("記録された出来事の件数"),
        description=_("年度内に記録された出来事（イベント）の件数。受付チャネル別の内訳付き。"),
        unit="件",
        compute=events_count,
        breakdown=events_by_channel,
    ),
    Metric(
        code="applications.count",
        name=_("申請件数"),
        description=_("年度内に受け付けた申請の件数（すべての受付チャネル）。受付チャネル別の内訳付き。"),
        unit="件",
        compute=applications_count,
        breakdown=applications_by_channel,
    ),
    Metric(
        code="applications.online_count",
        name=_("オンライン申請件数"),
        description=_("年度内にオンラインで受け付けた申請の件数。"),
        unit="件",
        compute=online_applications,
    ),
    Metric(
        code="applications.online_applicants",
        name=_("オンライン申請の利用者数"),
        description=_("年度内にオンラインで申請した人数（ログインした利用者は1人1回と数える）。"),
        unit="人",
        compute=online_applicants,
    ),
    Metric(
        code="applications.online_share",
        name=_("申請のオンライン化率"),
        description=_(
            "年度内に受け付けた申請のうち、オンラインで受け付けたものの割合（窓口・紙・郵送・電話を含む全チャネルが分母）。"
        ),
        unit="%",
        compute=online_share,
        breakdown=applications_by_channel,
    ),
]

for _metric in CORE_METRICS:
    metrics.register(_metric)
