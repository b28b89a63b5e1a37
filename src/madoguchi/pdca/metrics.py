"""PDCA metrics: the plan's indicators computed from the platform's own records (DESIGN.md §1).

There is one way to add a metric: the ``@metric`` decorator, in the ``metrics.py`` module of the
app whose records it reads. pdca imports every installed app's ``metrics`` module when Django
starts (``discover()``, called from ``PdcaConfig.ready``), so nothing else needs wiring::

    # learning/metrics.py
    from madoguchi.pdca.metrics import metric

    @metric(
        "digital-class-count",                       # the plan indicator's key in pdca/data/*.json
        unit="回",
        definition=_("年度内に開催した講習会の回数（中止した回を除く）。"),
        plan_wording="講習会の開催回数",              # the plan's own words, verbatim
    )
    def classes_held(fiscal_year: int, scope: dict | None) -> int:
        start, end = fiscal_year_bounds_utc(fiscal_year)
        return SmartphoneClass.objects.filter(held_at__gte=start, held_at__lt=end).count()

Contract:
- The code is the plan indicator's ``key`` when the metric computes one: the indicator then
  shows the computed figure and refuses typed-in values. A figure that feeds no indicator (a
  supporting measure) is named ``<app>.<what>``.
- ``compute(fiscal_year, scope)`` returns the value for 年度 ``fiscal_year`` (April–March in JST:
  ``core.japanese.fiscal.fiscal_year_bounds_utc``), or ``None`` when there is nothing to measure
  (no denominator). It only reads.
- ``scope`` is ``None`` (the whole city) or a dict of narrowing keys the metric documents.
- Percentages are percent (0–100) with ``unit="%"``.
- ``definition`` says in plain words which records are counted and how; ``plan_wording`` quotes
  the plan. Both are published beside the figure.
- Optional ``breakdown(fiscal_year, scope) -> {label: number}`` (per channel, per age band …) and
  ``drill(fiscal_year, scope) -> list[Record]``: the records behind the figure, each with its
  month and department, for staff to check the number (never shown publicly).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.module_loading import autodiscover_modules

from madoguchi.core.registry import Registry

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

Number = float | int


@dataclass(frozen=True)
class Record:
    """One record behind a computed figure (drill-down for staff)."""

    label: str  # what it is, e.g. "申請 R7-000123（オンライン）"
    month: str  # "2025-04" (JST)
    department: str = ""
    counted: bool = True  # False: looked at but not counted (e.g. a waitlisted sign-up)
    note: str = ""


@dataclass(frozen=True)
class Metric:
    code: str
    unit: str
    definition: str | StrPromise  # lazy-translated, Japanese source
    compute: Callable[[int, dict | None], Number | None]
    name: str | StrPromise = ""
    plan_wording: str = ""
    breakdown: Callable[[int, dict | None], Mapping[str, Number]] | None = field(default=None)
    drill: Callable[[int, dict | None], list[Record]] | None = field(default=None)
    # Reads dated statistics the city publishes (monthly figures that may predate the platform) and
    # answers None itself for a year without them; other metrics count the platform's own records
    # and say nothing for years before it ran (pdca.services.series).
    statistics: bool = False

    def value(self, fiscal_year: int, scope: dict | None = None) -> Number | None:
        return self.compute(fiscal_year, scope)

    @property
    def source(self) -> str:
        """Where the query is written: ``madoguchi.applications.metrics.online_user_rate``."""
        return f"{self.compute.__module__}.{self.compute.__qualname__}"

    @property
    def app(self) -> str:
        return self.compute.__module__.removeprefix("madoguchi.").split(".")[0]


metrics: Registry[Metric] = Registry("PDCA metric")


def metric(
    code: str,
    *,
    unit: str,
    definition: str | StrPromise,
    name: str | StrPromise = "",
    plan_wording: str = "",
    breakdown: Callable[[int, dict | None], Mapping[str, Number]] | None = None,
    drill: Callable[[int, dict | None], list[Record]] | None = None,
    statistics: bool = False,
):
    """Register the decorated ``compute(fiscal_year, scope)`` as the metric ``code``."""

    def register(compute: Callable[[int, dict | None], Number | None]):
        metrics.register(
            Metric(
                code=code,
                unit=unit,
                definition=definition,
                compute=compute,
                name=name,
                plan_wording=plan_wording,
                breakdown=breakdown,
                drill=drill,
                statistics=statistics,
            )
        )
        return compute

    return register


def discover() -> None:
    """Import ``<app>.metrics`` of every installed app (as the admin finds ``admin.py``)."""
    autodiscover_modules("metrics")


def summarize(records: list[Record]) -> dict[str, dict[str, int]]:
    """Counted records per month and per department (the drill-down tables)."""
    counted = [r for r in records if r.counted]
    return {
        "by_month": dict(sorted(Counter(r.month for r in counted).items())),
        "by_department": dict(sorted(Counter(r.department or "—" for r in counted).items())),
    }
