"""The participation indicators page and its CSV (aggregates only, public)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from madoguchi.core.japanese.fiscal import format_fiscal_year

from .. import metrics as ind
from ..labels import label
from ..models import ParticipationChannel
from .common import crumbs, get_process


def _fiscal_year_param(request) -> int | None:
    return ind.parse_fiscal_year(request.GET.get("fiscal_year", ""))


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


def indicators(request, pk: int | None = None):
    process = get_process(request, pk) if pk else None
    fy = _fiscal_year_param(request)
    data = ind.compute(process=process, fiscal_year=fy)
    years = ind.fiscal_years(process)
    trail = crumbs(
        *(((process.title, process.get_absolute_url()),) if process else ()), (label("indicators"), "")
    )
    return render(
        request,
        "participation/indicators.html",
        {
            "process": process,
            "data": data,
            "charts": ind.charts_for(data),
            "fiscal_year": fy,
            "fiscal_year_label": format_fiscal_year(fy) if fy else "",
            "years": [(y, format_fiscal_year(y)) for y in years],
            "channel_rows": [[str(ParticipationChannel(c).label), n] for c, n in data.by_channel.items()],
            "band_rows": [
                [r.label, r.participants, r.digital, _pct(r.digital_share), _pct(r.share_of_digital)]
                for r in data.by_age_band
            ],
            "crumbs": trail,
        },
    )


def indicators_csv(request, pk: int | None = None):
    process = get_process(request, pk) if pk else None
    fy = _fiscal_year_param(request)
    body = ind.to_csv(ind.compute(process=process, fiscal_year=fy))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    name = f"participation-{'process-' + str(pk) if pk else 'all'}{'-fy' + str(fy) if fy else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
