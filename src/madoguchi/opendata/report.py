"""The open data's part of the yearly evaluation report (pdca.hooks.report_sections): how much the
catalog was used in the 年度 — downloads and API calls per month, and the most used datasets."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madoguchi.pdca.hooks import ReportSection, ReportTable

from . import services

TOP = 10


def usage_tables(fiscal_year: int) -> list[ReportTable]:
    months = services.usage_totals(fiscal_year)
    downloads = sum(m.downloads for m in months)
    api_calls = sum(m.api_calls for m in months)
    if not downloads and not api_calls:
        return []
    header = [_("月"), _("ダウンロード数"), _("API利用回数")]
    rows = [
        [
            _("%(year)d年%(month)d月") % {"year": m.month.year, "month": m.month.month},
            m.downloads,
            m.api_calls,
        ]
        for m in months
    ]
    rows.append([_("合計"), downloads, api_calls])
    top = services.usage_per_dataset(fiscal_year, limit=TOP)
    return [
        ReportTable(
            caption=_("オープンデータの月ごとの利用状況"),
            header=header,
            rows=rows,
            note=_(
                "リソースのダウンロードと、CKAN APIがデータセットを返した回数です。利用した人の情報は記録していません。"
                "データセット・月ごとの値は %(csv)s で公開しています。"
            )
            % {"csv": reverse("opendata:usage_csv")},
        ),
        ReportTable(
            caption=_("よく使われたデータセット（上位%(n)d件）") % {"n": TOP},
            header=[_("データセット"), _("担当部署"), _("ダウンロード数"), _("API利用回数")],
            rows=[[d["title"], d["organization"], d["downloads"], d["api_calls"]] for d in top],
            numeric_from=2,
        ),
    ]


SECTION = ReportSection(
    code="opendata-usage",
    title=gettext_lazy("オープンデータの利用状況"),
    order=30,
    tables=usage_tables,
)
