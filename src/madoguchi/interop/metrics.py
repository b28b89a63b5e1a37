"""Card uptake from the resident registry (1-イ): the share of residents holding a My Number card,
by age band, from the core system's rows (the 個人番号カード交付 column of the persons layout).

The plan's indicator `mynumber-issuance-rate` stays computed from the city's open data (opendata,
L03: the published monthly 交付状況); this supporting figure gives its breakdown by age, which the
open data does not have. No value when the registry has delivered no card information."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.pdca.metrics import metric

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


@metric(
    "interop.mynumber-card-holders",
    unit="%",
    name=_("マイナンバーカードの保有率（住民記録・年齢別）"),
    definition=_(
        "住民記録システムから連携した住民（住民状態が「住民」で、カードの交付の有無が分かる人）のうち、"
        "マイナンバーカードの交付を受けている人の割合。年齢別（年度末、進行中の年度は今日の年齢）の内訳付き。"
        "計画の指標「マイナンバーカードの交付率」は市の公開データ（L03）から計算しています。"
    ),
    breakdown=card_holders_by_age,
)
def card_holder_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    rows = list(_residents(fiscal_year))
    if not rows:
        return None
    return round(100 * sum(1 for _born, holder in rows if holder) / len(rows), 1)
