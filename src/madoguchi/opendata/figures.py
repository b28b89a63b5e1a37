"""The plan's open data figures (3-イ), registered as PDCA metrics."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc


def _published_by(fiscal_year: int):
    from .models import Dataset

    _start, end = fiscal_year_bounds_utc(fiscal_year)
    return Dataset.objects.filter(state=Dataset.State.PUBLISHED, published_at__lt=end)


def dataset_count(fiscal_year: int, scope: dict | None = None) -> int:
    """Datasets published by the end of the fiscal year (and still published)."""
    qs = _published_by(fiscal_year)
    if scope and scope.get("organization"):
        qs = qs.filter(organization__code=scope["organization"])
    return qs.count()


def share_three_stars(fiscal_year: int, scope: dict | None = None) -> float | None:
    qs = _published_by(fiscal_year)
    total = qs.count()
    if not total:
        return None
    return 100 * qs.filter(stars__gte=3).count() / total


def stars_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    qs = _published_by(fiscal_year)
    return {f"★{n}": qs.filter(stars=n).count() for n in range(1, 6)}


def downloads(fiscal_year: int, scope: dict | None = None) -> int:
    from madoguchi.core.japanese.fiscal import fiscal_year_range

    from .models import DownloadCount

    start, end = fiscal_year_range(fiscal_year)
    qs = DownloadCount.objects.filter(day__gte=start, day__lte=end)
    return qs.aggregate(n=Sum("count"))["n"] or 0


def downloads_per_dataset(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    from madoguchi.core.japanese.fiscal import fiscal_year_range

    from .models import DownloadCount

    start, end = fiscal_year_range(fiscal_year)
    rows = (
        DownloadCount.objects.filter(day__gte=start, day__lte=end)
        .values("dataset__title")
        .annotate(n=Sum("count"))
        .order_by("-n")[:20]
    )
    return {row["dataset__title"]: row["n"] for row in rows}


def _metrics():
    from madoguchi.pdca.metrics import Metric

    return [
        Metric(
            code="opendata.datasets",
            name=_("オープンデータのデータセット数"),
            description=_("年度末までに公開され、公開中のデータセットの数。"),
            unit="件",
            compute=dataset_count,
            breakdown=stars_breakdown,
        ),
        Metric(
            code="opendata.machine_readable_share",
            name=_("機械判読可能なデータセットの割合（★3以上）"),
            description=_(
                "公開中のデータセットのうち、5つ星オープンデータで★3以上（CSVなどオープンな形式）のものの割合。"
            ),
            unit="%",
            compute=share_three_stars,
            breakdown=stars_breakdown,
        ),
        Metric(
            code="opendata.downloads",
            name=_("オープンデータのダウンロード数"),
            description=_(
                "年度内にオープンデータのリソースがダウンロードされた回数。データセット別の内訳付き。"
            ),
            unit="回",
            compute=downloads,
            breakdown=downloads_per_dataset,
        ),
    ]


class _Lazy:
    def __iter__(self):
        return iter(_metrics())


METRICS = _Lazy()
