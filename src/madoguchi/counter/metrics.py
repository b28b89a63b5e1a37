"""PDCA metrics computed from the counter's records (plan 1-ウ, 1-エ: shorter waits at the counter)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _tickets(fiscal_year: int):
    from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc

    from .models import Ticket

    start, end = fiscal_year_bounds_utc(fiscal_year)
    return Ticket.objects.filter(issued_at__gte=start, issued_at__lt=end, first_called_at__isnull=False)


def _waits(fiscal_year: int, scope: dict | None) -> list[float]:
    tickets = _tickets(fiscal_year)
    if scope and scope.get("category"):
        tickets = tickets.filter(category__code=scope["category"])
    return sorted(
        (c - i).total_seconds() / 60 for i, c in tickets.values_list("issued_at", "first_called_at")
    )


def average_wait(fiscal_year: int, scope: dict | None = None) -> float | None:
    waits = _waits(fiscal_year, scope)
    return round(sum(waits) / len(waits), 1) if waits else None


def p95_wait(fiscal_year: int, scope: dict | None = None) -> float | None:
    import math

    waits = _waits(fiscal_year, scope)
    return round(waits[max(0, math.ceil(0.95 * len(waits)) - 1)], 1) if waits else None


def average_wait_by_category(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    from .models import ServiceCategory

    result = {}
    for category in ServiceCategory.objects.all():
        value = average_wait(fiscal_year, {"category": category.code})
        if value is not None:
            result[category.name] = value
    return result


def onestop_sessions(fiscal_year: int, scope: dict | None = None) -> int:
    from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc

    from .models import CounterSession

    start, end = fiscal_year_bounds_utc(fiscal_year)
    return CounterSession.objects.filter(confirmed_at__gte=start, confirmed_at__lt=end).count()


def register_pdca_metrics() -> None:
    """Register with `pdca.metrics` when the PDCA app is installed (else nothing to do)."""
    from django.apps import apps

    if not apps.is_installed("madoguchi.pdca"):
        return
    try:
        from madoguchi.pdca.metrics import Metric, metrics
    except ImportError:  # pragma: no cover
        return
    for metric in (
        Metric(
            code="counter.average_wait",
            name=_("窓口の平均待ち時間"),
            description=_("整理券の発券から最初の呼出までの平均（分）。scope: category"),
            unit="分",
            compute=average_wait,
            breakdown=average_wait_by_category,
        ),
        Metric(
            code="counter.p95_wait",
            name=_("窓口の待ち時間（95パーセンタイル）"),
            description=_("整理券の発券から最初の呼出までの95パーセンタイル（分）。scope: category"),
            unit="分",
            compute=p95_wait,
        ),
        Metric(
            code="counter.onestop_sessions",
            name=_("書かない窓口の利用件数"),
            description=_("書かない窓口で申請書をまとめて作成し、本人が確認した件数"),
            unit="件",
            compute=onestop_sessions,
        ),
    ):
        if metric.code not in metrics:
            metrics.register(metric)
