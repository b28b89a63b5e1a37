"""PDCA metric: the number of procedures residents can apply for online (plan 1-ア).

A procedure counts from the 年度 its first form version was published in, while it is published
and offers the online channel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese import fiscal_year_bounds_utc
from madoguchi.pdca.metrics import metric

from .models import Category, Procedure, ProcedureVersion


def online_by_category(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    return {
        str(label): online_count(fiscal_year, {"category": value})
        for value, label in Category.choices
        if online_count(fiscal_year, {"category": value})
    }


@metric(
    "online-procedure-services",
    unit="件",
    definition=_(
        "年度末までに様式が公開され、公開中で、オンラインで申請を受け付けている手続の数。分類別の内訳付き。"
    ),
    plan_wording="行政手続においてオンライン化を実現したサービスの数",
    breakdown=online_by_category,
)
def online_count(fiscal_year: int, scope: dict | None = None) -> int:
    """Published procedures offering the online channel whose form was published by the end of the 年度.

    Scope ``category`` (childcare, nursing_care, …) narrows."""
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
