"""What participation tells the plan (PDCA, 3-ア 成果指標): the share of digital participants and
its split by age band, per 年度. Registered with `madoguchi.pdca.metrics` when that app exists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madoguchi.core.navigation import Service

HOME_SERVICE = Service(
    code="participation",
    title=_("市政への参加"),
    description=_("提案・アンケート・ワークショップ・みんなの意見で、市のまちづくりに参加できます。"),
    url_name="participation:index",
    order=60,
)


def _indicators(fiscal_year: int, scope: dict | None):
    from .indicators import compute
    from .models import Process

    process = None
    if scope and scope.get("process"):
        process = Process.objects.filter(pk=scope["process"]).first()
    return compute(process=process, fiscal_year=fiscal_year)


def digital_share(fiscal_year: int, scope: dict | None = None) -> float | None:
    """全参加市民中デジタル参加市民の率 (%); scope ``{"process": id}`` narrows to one process."""
    return _indicators(fiscal_year, scope).share_digital


def digital_share_by_age_band(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    """Per age band code ("10s", "20s", …, "70plus", "unknown"): % of its participants online."""
    return {
        row.band: round(row.digital_share, 1)
        for row in _indicators(fiscal_year, scope).by_age_band
        if row.digital_share is not None
    }


def young_share_of_digital(fiscal_year: int, scope: dict | None = None) -> float | None:
    """デジタル参加者のうち10〜30代の割合 (%) — the plan's target group."""
    ind = _indicators(fiscal_year, scope)
    if not ind.digital_participants:
        return None
    young = sum(row.digital for row in ind.by_age_band if row.band in ("10s", "20s", "30s"))
    return 100 * young / ind.digital_participants


def share_of_digital_by_age_band(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return {
        row.band: round(row.share_of_digital, 1)
        for row in _indicators(fiscal_year, scope).by_age_band
        if row.share_of_digital is not None
    }


def digital_processes(fiscal_year: int, scope: dict | None = None) -> int:
    """デジタル技術を活用した市民参加の実施数: processes with online participation in the year."""
    from .models import Participation

    return (
        Participation.objects.filter(fiscal_year=fiscal_year, channel="online")
        .values("process")
        .distinct()
        .count()
    )


_METRICS: list = []


def register() -> None:
    try:
        from madoguchi.pdca.metrics import Metric, metrics
    except ImportError:  # the PDCA app is optional
        return
    if not _METRICS:
        _METRICS.extend(
            [
                Metric(
                    code="participation.digital_share",
                    name=_("デジタル参加市民の率"),
                    description=_(
                        "年度内の市民参加者のうち、オンラインで参加した人の割合。年代別の内訳付き。"
                    ),
                    unit="%",
                    compute=digital_share,
                    breakdown=digital_share_by_age_band,
                ),
                Metric(
                    code="participation.young_share_of_digital",
                    name=_("デジタル参加者のうち10〜30代の割合"),
                    description=_("年度内にオンラインで参加した人の年代別割合。見出しの値は10〜30代の合計。"),
                    unit="%",
                    compute=young_share_of_digital,
                    breakdown=share_of_digital_by_age_band,
                ),
                Metric(
                    code="participation.digital_processes",
                    name=_("デジタル技術を活用した市民参加の実施数"),
                    description=_("年度内にオンラインでの参加があった参加の場の数。"),
                    unit="件",
                    compute=digital_processes,
                ),
            ]
        )
    for metric in _METRICS:
        metrics.register(metric)
