"""The city's yearly evaluation report (年度評価報告): where each initiative stood that 年度, its
PDCA notes, and every indicator's target and actual (computed or approved) beside the year
before. PDF (WeasyPrint, Noto CJK, tagged PDF/UA as delivery renders its documents) and CSV.

The report holds only public figures (computed from records, or typed in with evidence and
approval) and published evaluations, so it is public like /plan/."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from madoguchi.core.japanese.fiscal import format_fiscal_year

from . import hooks, services, summary
from .models import Indicator, Initiative, Plan, Review

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per step is noise

STYLESHEET = Path(__file__).resolve().parent / "static" / "pdca" / "report.css"


@dataclass
class ReportIndicator:
    indicator: Indicator
    point: services.Point  # the report's 年度
    previous: services.Point  # the 年度 before
    target: str
    actual: str
    previous_actual: str
    change: str


@dataclass
class ReportItem:
    initiative: Initiative
    standing: str
    review: Review | None  # the year's latest evaluation (only one with figures of the year)
    indicators: list[ReportIndicator]

    @property
    def standing_label(self) -> str:
        return summary.Standing.label(self.standing)


def report_data(plan: Plan, fiscal_year: int) -> list[ReportItem]:
    """Per initiative: where it stood in the 年度 and its indicators' figures (public only)."""
    items = []
    initiatives = (
        plan.initiatives.select_related("policy", "plan")
        .prefetch_related("indicators__targets")
        .order_by("sort_order", "code")
    )
    for initiative in initiatives:
        indicators = []
        for indicator in initiative.indicators.all():
            previous, point = services.series(indicator, [fiscal_year - 1, fiscal_year], public=True)
            indicators.append(
                ReportIndicator(
                    indicator=indicator,
                    point=point,
                    previous=previous,
                    target=summary.target_cell(point, indicator.unit),
                    actual=services.format_value(point.actual, indicator.unit),
                    previous_actual=services.format_value(previous.actual, indicator.unit),
                    change=summary.change_words(
                        indicator,
                        point if point.actual is not None else None,
                        previous if previous.actual is not None else None,
                    ),
                )
            )
        has_figures = any(entry.point.actual is not None for entry in indicators)
        review = None
        if has_figures:  # an evaluation with no figure of its year behind it is not reported
            review = (
                Review.objects.filter(initiative=initiative, fiscal_year=fiscal_year)
                .order_by("-created_at", "-pk")
                .first()
            )
        if review is not None:
            standing = (
                summary.Standing.ON_TRACK
                if review.status == Review.Status.ON_TRACK
                else summary.Standing.BEHIND
            )
        else:
            standing = summary.Standing.NOT_EVALUATED if has_figures else summary.Standing.NO_DATA
        items.append(ReportItem(initiative, standing, review, indicators))
    return items


def report_summary(plan: Plan, items: list[ReportItem]) -> list[dict]:
    """The report's headline: initiatives per standing, per policy and in total."""
    groups = [
        (policy.localized_title, [i for i in items if i.initiative.policy_id == policy.pk])
        for policy in plan.policies.all()
    ]
    common = [i for i in items if i.initiative.policy_id is None]
    if common:
        groups.append((_("共通の取組"), common))
    groups.append((_("合計"), items))
    return [
        {"label": label, "counts": [summary.count_standings(group)[c] for c in summary.Standing.ORDER]}
        for label, group in groups
    ]


def report_rows(plan: Plan, fiscal_year: int) -> tuple[list[str], list[list]]:
    header = [
        _("年度"),
        _("推進方針"),
        _("取組"),
        _("取組名"),
        _("状況"),
        _("指標"),
        _("種別"),
        _("単位"),
        _("目標値"),
        _("目標（文章）"),
        _("目標の出典"),
        _("実績値"),
        _("前年度の実績値"),
        _("値の出典"),
        _("変わったこと"),
        _("市民にとって変わったこと"),
        "Plan",
        "Do",
        "Check",
        "Act",
        _("決定した見直し内容"),
    ]
    rows = []
    for item in report_data(plan, fiscal_year):
        initiative, review = item.initiative, item.review
        notes = (
            [
                review.resident_note,
                review.plan_note,
                review.do_note,
                review.check_note,
                review.act_note,
                review.decided_changes,
            ]
            if review
            else ["", "", "", "", "", ""]
        )
        for entry in item.indicators or [None]:
            if entry is None:
                figures = ["", "", "", "", "", "", "", "", "", ""]
            else:
                point = entry.point
                if point.target is None and not point.target_text:
                    target_source = _("計画期間後（目標なし）") if point.after_period else ""
                elif point.next_plan_target:
                    target_source = _("次の計画")
                else:
                    target_source = _("この計画")
                figures = [
                    entry.indicator.name,
                    entry.indicator.get_kind_display(),
                    entry.indicator.unit,
                    "" if point.target is None else point.target,
                    point.target_text,
                    target_source,
                    "" if point.actual is None else point.actual,
                    "" if entry.previous.actual is None else entry.previous.actual,
                    {"metric": _("自動計算"), "manual": _("手入力（承認済み）")}.get(point.source, ""),
                    entry.change,
                ]
            rows.append(
                [
                    fiscal_year,
                    initiative.policy.number if initiative.policy else "",
                    initiative.code,
                    initiative.title,
                    item.standing_label,
                    *figures,
                    *notes,
                ]
            )
    return header, rows


def report_html(plan: Plan, fiscal_year: int) -> str:
    items = report_data(plan, fiscal_year)
    return render_to_string(
        "pdca/report.html",
        {
            "plan": plan,
            "fiscal_year": fiscal_year,
            "fiscal_year_label": format_fiscal_year(fiscal_year),
            "previous_label": format_fiscal_year(fiscal_year - 1),
            "after_period": fiscal_year > plan.period_end_fy,
            "in_progress": fiscal_year == services.current_fiscal_year(),
            "standings": [summary.Standing.label(code) for code in summary.Standing.ORDER],
            "summary": report_summary(plan, items),
            "items": items,
            "sections": hooks.sections_for(fiscal_year),
        },
    )


_local = threading.local()


def _fonts_and_stylesheet():
    """One font configuration per thread: the CJK fonts are loaded once, not per report."""
    if not hasattr(_local, "fonts"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        _local.fonts = (font_config, CSS(filename=str(STYLESHEET), font_config=font_config))
    return _local.fonts


def report_pdf(plan: Plan, fiscal_year: int) -> bytes:
    """Tagged PDF (PDF/UA-1): headings and tables reach screen readers, as on the web page."""
    from weasyprint import HTML

    font_config, stylesheet = _fonts_and_stylesheet()
    return HTML(string=report_html(plan, fiscal_year), base_url=str(STYLESHEET.parent)).write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant="pdf/ua-1",
        pdf_identifier=f"{plan.code}-{fiscal_year}".encode(),
    )
