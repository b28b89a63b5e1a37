"""Card uptake from the resident registry (1-イ, `mynumber-issuance-rate`): the share of residents
holding a My Number card, by age band, from the core system's rows (the 個人番号カード交付 column
of the persons layout).

The column is the state at the latest delivery, not a history: for other years (and a registry that
delivers no card information) the indicator is the figure the city publishes (opendata, L03), read
through the metrics registry."""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese import fiscal_year
from madoguchi.pdca.metrics import Metric, Record, metric, metrics

from .models import RegistryPerson

BANDS = [(0, 14), (15, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, 79), (80, None)]


def _day(fiscal_year: int) -> datetime.date:
    end = datetime.date(fiscal_year + 1, 3, 31)
    return min(end, timezone.localdate())


def _age(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _label(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else f"{low}+"


def _residents(fiscal_year: int):
    return RegistryPerson.objects.filter(
        status=RegistryPerson.Status.RESIDENT, card_holder__isnull=False, birth_date__isnull=False
    ).values_list("birth_date", "card_holder")


def card_holders_by_age(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    day = _day(fiscal_year)
    counts: dict[str, list[int]] = {}
    for born, holder in _residents(fiscal_year):
        age = _age(born, day)
        band = next((b for b in BANDS if age >= b[0] and (b[1] is None or age <= b[1])), None)
        if band is None:
            continue
        entry = counts.setdefault(_label(*band), [0, 0])
        entry[0] += 1
        entry[1] += bool(holder)
    return {
        _label(*band): round(100 * counts[_label(*band)][1] / counts[_label(*band)][0], 1)
        for band in BANDS
        if _label(*band) in counts
    }


PUBLISHED = "opendata.mynumber-issuance-published"


def _snapshot_year() -> int | None:
    """The 年度 the registry's card column describes: that of its latest delivery (the column is
    today's state, not a history, so earlier years keep the published figure)."""
    latest = RegistryPerson.objects.filter(card_holder__isnull=False).aggregate(m=Max("updated_at"))["m"]
    return fiscal_year(timezone.localdate(latest)) if latest else None


def _published() -> Metric | None:
    return metrics.get(PUBLISHED) if PUBLISHED in metrics else None


def _from_registry(fiscal_year: int) -> bool:
    return _snapshot_year() == fiscal_year


def issuance_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    if _from_registry(fiscal_year):
        return card_holders_by_age(fiscal_year, scope)
    published = _published()
    return dict(published.breakdown(fiscal_year, scope)) if published and published.breakdown else {}


def issuance_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    if not _from_registry(fiscal_year):
        published = _published()
        return published.drill(fiscal_year, scope) if published and published.drill else []
    month = timezone.localdate().strftime("%Y-%m")
    return [
        Record(label=f"{band}: {rate}%", month=month)
        for band, rate in card_holders_by_age(fiscal_year, scope).items()
    ]


@metric(
    "mynumber-issuance-rate",
    unit="%",
    definition=_(
        "住民記録システムから連携した住民（住民状態が「住民」で、カードの交付の有無が分かる人）のうち、"
        "マイナンバーカードの交付を受けている人の割合。年齢別（年度末、進行中の年度は今日の年齢）の内訳付き。"
        "カードの列は連携した時点の状態なので、最新の連携の年度だけをこれで計算し、それ以外の年度は"
        "市が公開している交付状況（L03）の値（月別の内訳付き）を使います。"
    ),
    plan_wording="マイナンバーカードの交付率",
    breakdown=issuance_breakdown,
    drill=issuance_records,
    statistics=True,
)
def card_holder_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    if not _from_registry(fiscal_year):
        published = _published()
        return published.value(fiscal_year, scope) if published else None
    rows = list(_residents(fiscal_year))
    return round(100 * sum(1 for _born, holder in rows if holder) / len(rows), 1) if rows else None
