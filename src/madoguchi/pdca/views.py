"""Public plan pages (/plan/), the open dataset, the yearly report, and staff entry pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from madoguchi.core import csvsafe
from madoguchi.core.httpkit import unless_post
from madoguchi.core.models import Channel
from madoguchi.identity.staff import staff_required

from . import reports, services, summary
from .charts import bar_chart
from .forms import IndicatorValueForm, ReviewForm
from .models import Indicator, IndicatorValue, Initiative, Plan, Review


def _plan() -> Plan:
    plan = Plan.current()
    if plan is None:
        raise Http404(_("計画が登録されていません。"))
    return plan


def _initiatives(plan: Plan):
    return (
        plan.initiatives.select_related("policy")
        .prefetch_related(
            "indicators",
            "owner_departments",
            Prefetch("reviews", queryset=Review.objects.order_by("-fiscal_year", "-created_at", "-pk")),
        )
        .order_by("sort_order", "code")
    )


@require_GET
def index(request):
    plan = _plan()
    years = services.plan_years(plan)
    return render(
        request,
        "pdca/index.html",
        {
            "plan": plan,
            "summary": summary.plan_summary(plan),
            "current_fy": services.current_fiscal_year(),
            "report_years": [fy for fy in years if fy <= services.current_fiscal_year()],
        },
    )


def timeline(initiative: Initiative, current_fy: int) -> dict:
    """The schedule as a table: one row per track, one column per fiscal year; today's FY marked."""
    entries = list(initiative.schedule.all())
    years = [e.fiscal_year for e in entries]
    tracks: list[str] = []
    for entry in entries:
        for track in entry.tracks or [{"track": initiative.title, "phase": entry.phase}]:
            if track["track"] not in tracks:
                tracks.append(track["track"])
    current = None
    if entries:
        if current_fy in years:
            current = current_fy
        elif entries[-1].onward and current_fy > years[-1]:
            current = years[-1]
    columns = [
        {"fiscal_year": e.fiscal_year, "onward": e.onward, "current": e.fiscal_year == current}
        for e in entries
    ]
    rows = []
    for track in tracks:
        cells = []
        for entry in entries:
            phases = {
                t["track"]: t["phase"]
                for t in (entry.tracks or [{"track": initiative.title, "phase": entry.phase}])
            }
            cells.append({"phase": phases.get(track, ""), "current": entry.fiscal_year == current})
        rows.append({"track": track, "cells": cells})
    return {"columns": columns, "rows": rows, "current": current, "current_fy": current_fy}


def _breakdown(indicator: Indicator, points) -> dict | None:
    """A metric's split (per channel, per age band) for the latest year that has a value."""
    metric = indicator.metric
    if metric is None or metric.breakdown is None:
        return None
    latest = next((p for p in reversed(points) if p.actual is not None), None)
    if latest is None:
        return None
    parts = metric.breakdown(latest.fiscal_year, indicator.metric_scope or None)
    if not parts:
        return None
    channels = dict(Channel.choices)
    return {
        "fiscal_year": latest.fiscal_year,
        "rows": [(channels.get(key, key), services.format_value(value)) for key, value in parts.items()],
    }


def indicator_blocks(indicators, years, *, public: bool = True) -> list[dict]:
    blocks = []
    for indicator in indicators:
        points = services.series(indicator, years, public=public)
        chart_id = f"chart-{indicator.initiative.slug}-{indicator.key}"
        table_id = f"{chart_id}-table"
        breakdown = _breakdown(indicator, points)
        blocks.append(
            {
                "indicator": indicator,
                "points": points,
                "chart": bar_chart(
                    points,
                    unit=indicator.unit,
                    chart_id=chart_id,
                    table_id=table_id,
                    title=indicator.localized_name,
                ),
                "table_id": table_id,
                "breakdown": breakdown,
                "latest": summary.latest(indicator, years, points=points),
                "rows": [
                    (
                        p,
                        services.format_value(p.actual, indicator.unit),
                        summary.target_cell(p, indicator.unit),
                    )
                    for p in points
                ],
            }
        )
    return blocks


@require_GET
def initiative_detail(request, slug: str):
    plan = _plan()
    initiative = get_object_or_404(_initiatives(plan), slug=slug)
    reviews = list(initiative.reviews.all())
    current_fy = services.current_fiscal_year()
    return render(
        request,
        "pdca/initiative.html",
        {
            "plan": plan,
            "initiative": initiative,
            "timeline": timeline(initiative, current_fy),
            "blocks": indicator_blocks(
                initiative.indicators.select_related("initiative").prefetch_related("targets"),
                services.plan_years(plan),
            ),
            "latest": reviews[0] if reviews else None,
            "history": reviews[1:],
        },
    )


# --- open dataset and report ------------------------------------------------------------------

DATASET_FIELDS = [
    "plan",
    "policy",
    "initiative",
    "indicator",
    "kind",
    "name",
    "name_en",
    "unit",
    "direction",
    "fiscal_year",
    "target",
    "target_text",
    "actual",
    "source",
    "metric",
    "evidence_url",
]


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # BOM: Excel opens UTF-8 Japanese correctly
    writer = csvsafe.writer(response)  # notes and names are typed by staff: no formulas
    writer.writerow(header)
    writer.writerows(rows)
    return response


@require_GET
def indicators_csv(request):
    plan = _plan()
    rows = services.indicator_records(plan)
    return _csv_response(
        f"{plan.code}-indicators.csv",
        DATASET_FIELDS,
        ([r[f] if r[f] is not None else "" for f in DATASET_FIELDS] for r in rows),
    )


@require_GET
def indicators_json(request):
    plan = _plan()
    payload = {
        "plan": {"code": plan.code, "name": plan.name, "name_en": plan.name_en},
        "fields": DATASET_FIELDS,
    }
    payload["indicators"] = services.indicator_records(plan)
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{plan.code}-indicators.json"'
    return response


def _report_year(plan: Plan, fiscal_year: int) -> None:
    if fiscal_year not in services.plan_years(plan) or fiscal_year > services.current_fiscal_year():
        raise Http404(_("その年度の評価報告書はありません。"))


@require_GET
def report_csv(request, fiscal_year: int):
    plan = _plan()
    _report_year(plan, fiscal_year)
    header, rows = reports.report_rows(plan, fiscal_year)
    return _csv_response(f"{plan.code}-evaluation-{fiscal_year}.csv", header, rows)


@require_GET
def report_pdf(request, fiscal_year: int):
    plan = _plan()
    _report_year(plan, fiscal_year)
    pdf = reports.report_pdf(plan, fiscal_year)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{plan.code}-evaluation-{fiscal_year}.pdf"'
    return response


# --- staff ------------------------------------------------------------------------------------


@staff_required
def staff_index(request):
    plan = _plan()
    initiatives = [i for i in _initiatives(plan) if services.can_edit(request.user, i)]
    pending = (
        IndicatorValue.objects.filter(indicator__initiative__plan=plan, approved_by=None)
        .select_related("indicator", "indicator__initiative", "entered_by")
        .order_by("-entered_at")
    )
    pending = [v for v in pending if services.can_approve(request.user, v.indicator.initiative)]
    return render(
        request, "pdca/staff/index.html", {"plan": plan, "initiatives": initiatives, "pending": pending}
    )


@staff_required
def staff_indicator(request, pk: int):
    plan = _plan()
    indicator = get_object_or_404(
        Indicator.objects.select_related("initiative"), pk=pk, initiative__plan=plan
    )
    if not services.can_edit(request.user, indicator.initiative):
        raise PermissionDenied
    years = services.plan_years(plan)
    form = IndicatorValueForm(
        request.POST or None,
        request.FILES or None,
        years=years,
        initial={"fiscal_year": services.current_fiscal_year() - 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_value(indicator, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("実績値を記録しました。承認されると公開されます。"))
            return redirect("pdca:staff_indicator", pk=indicator.pk)
    values = indicator.values.select_related("entered_by", "approved_by").order_by(
        "-fiscal_year", "-entered_at"
    )
    can_approve = services.can_approve(request.user, indicator.initiative)
    drill_year = _drill_year(request.GET.get("year"), years)
    return render(
        request,
        "pdca/staff/indicator.html",
        {
            "plan": plan,
            "indicator": indicator,
            "form": form,
            "values": values,
            "can_approve": can_approve,
            "blocks": indicator_blocks([indicator], years, public=False),
            "years": years,
            "drill": services.drill_down(indicator, drill_year) if indicator.metric else None,
        },
    )


def _drill_year(value: str | None, years: list[int]) -> int:
    """The 年度 to drill into: ?year= when it is one of the plan's years, else the last one up to now."""
    if value and value.isascii() and value.isdigit() and int(value) in years:
        return int(value)
    return min(services.current_fiscal_year(), years[-1]) if years else services.current_fiscal_year()


@staff_required
def staff_approve(request, pk: int):
    entry = get_object_or_404(IndicatorValue.objects.select_related("indicator__initiative"), pk=pk)
    if not services.can_approve(request.user, entry.indicator.initiative):  # before the method check
        raise PermissionDenied(_("この指標の値を承認する権限がありません。"))
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.approve_value(entry, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("実績値を承認しました。公開ページに表示されます。"))
    return redirect("pdca:staff_indicator", pk=entry.indicator_id)


@staff_required
def staff_review(request, slug: str):
    plan = _plan()
    initiative = get_object_or_404(plan.initiatives, slug=slug)
    if not services.can_edit(request.user, initiative):
        raise PermissionDenied
    form = ReviewForm(
        request.POST or None,
        years=services.plan_years(plan),
        initial={"fiscal_year": services.current_fiscal_year()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(initiative, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("評価を記録しました。"))
            return redirect("pdca:initiative", slug=initiative.slug)
    return render(
        request,
        "pdca/staff/review.html",
        {
            "plan": plan,
            "initiative": initiative,
            "form": form,
            "reviews": initiative.reviews.select_related("created_by"),
        },
    )
