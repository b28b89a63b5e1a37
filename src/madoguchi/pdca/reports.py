"""The city's yearly evaluation report (年度評価報告): every initiative's status and PDCA notes,
and every indicator's target and actual for the year. PDF (WeasyPrint, Noto CJK) and CSV."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from madoguchi.core.japanese.fiscal import format_fiscal_year

from . import services
from .models import Plan, Review


def report_data(plan: Plan, fiscal_year: int) -> list[dict]:
    """Per initiative: its latest review of the year and its indicators' figures (public only)."""
    items = []
    initiatives = (
        plan.initiatives.select_related("policy")
        .prefetch_related("indicators__targets")
        .order_by("sort_order", "code")
    )
    for initiative in initiatives:
        review = (
            Review.objects.filter(initiative=initiative, fiscal_year=fiscal_year)
            .order_by("-created_at", "-pk")
            .first()
        )
        indicators = []
        for indicator in initiative.indicators.all():
            (point,) = services.series(indicator, [fiscal_year], public=True)
            indicators.append(
                {
                    "indicator": indicator,
                    "target": point.target_text
                    if point.target is None
                    else services.format_value(point.target, indicator.unit),
                    "actual": services.format_value(point.actual, indicator.unit),
                    "raw_target": "" if point.target is None else point.target,
                    "raw_actual": "" if point.actual is None else point.actual,
                    "source": point.source,
                }
            )
        items.append({"initiative": initiative, "review": review, "indicators": indicators})
    return items


def report_rows(plan: Plan, fiscal_year: int) -> tuple[list[str], list[list]]:
    header = [
        _("年度"),
        _("推進方針"),
        _("取組"),
        _("取組名"),
        _("進捗状況"),
        _("指標"),
        _("種別"),
        _("単位"),
        _("目標値"),
        _("実績値"),
        _("値の出典"),
        "Plan",
        "Do",
        "Check",
        "Act",
        _("決定した見直し内容"),
    ]
    rows = []
    for item in report_data(plan, fiscal_year):
        initiative, review = item["initiative"], item["review"]
        notes = (
            [
                review.get_status_display(),
                review.plan_note,
                review.do_note,
                review.check_note,
                review.act_note,
                review.decided_changes,
            ]
            if review
            else ["", "", "", "", "", ""]
        )
        for entry in item["indicators"] or [None]:
            indicator = entry["indicator"] if entry else None
            rows.append(
                [
                    fiscal_year,
                    initiative.policy.number if initiative.policy else "",
                    initiative.code,
                    initiative.title,
                    notes[0],
                    indicator.name if indicator else "",
                    indicator.get_kind_display() if indicator else "",
                    indicator.unit if indicator else "",
                    entry["raw_target"] if entry else "",
                    entry["raw_actual"] if entry else "",
                    {"metric": _("自動計算"), "manual": _("手入力（承認済み）")}.get(entry["source"], "")
                    if entry
                    else "",
                    *notes[1:],
                ]
            )
    return header, rows


def report_html(plan: Plan, fiscal_year: int) -> str:
    return render_to_string(
        "pdca/report.html",
        {
            "plan": plan,
            "fiscal_year": fiscal_year,
            "fiscal_year_label": format_fiscal_year(fiscal_year),
            "items": report_data(plan, fiscal_year),
        },
    )


def report_pdf(plan: Plan, fiscal_year: int, *, request=None) -> bytes:
    from weasyprint import HTML

    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=report_html(plan, fiscal_year), base_url=base_url).write_pdf()
