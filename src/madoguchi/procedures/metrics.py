"""PDCA metric: the number of procedures residents can apply for online (plan 1-ア)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def online_count(fiscal_year: int, scope: dict | None = None) -> int:
    """Published procedures offering the online channel whose form was published by the end of the 年度.

    Scope ``category`` (childcare, nursing_care, …) narrows."""
    from madoguchi.core.japanese import fiscal_year_bounds_utc

    from .models import Procedure, ProcedureVersion

    _start, end = fiscal_year_bounds_utc(fiscal_year)
    qs = Procedure.objects.filter(is_published=True)
    if scope and scope.get("category"):
        qs = qs.filter(category=scope["category"])
    published = set(
        ProcedureVersion.objects.filter(published_at__lt=end, procedure__in=qs).values_list(
            "procedure_id", flat=True
        )
    )
    return sum(
        1
        for pk, channels in qs.values_list("pk", "channels")
        if pk in published and "online" in (channels or [])
    )


def online_by_category(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    from .models import Category

    return {
        str(label): online_count(fiscal_year, {"category": value})
        for value, label in Category.choices
        if online_count(fiscal_year, {"category": value})
    }


def register() -> None:
    try:
        from madoguchi.pdca.metrics import Metric, metrics
    except ImportError:  # the PDCA module is not installed
        return
    if "procedures.online_count" in metrics:
        return
    metrics.register(
        Metric(
            code="procedures.online_count",
            name=_("オンラインで申請できる手続の数"),
            description=_(
                "年度末までに公開され、オンラインで申請を受け付けている手続の数。分類別の内訳付き。"
            ),
            unit="件",
            compute=online_count,
            breakdown=online_by_category,
        )
    )
