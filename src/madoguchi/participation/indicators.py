"""参加の状況 (the plan's 3-ア indicators), computed from Participation rows:

- participations by channel (online / in person / postal / paper);
- share digital: participants who took part online at least once / all participants
  (「全参加市民中デジタル参加市民の率」);
- by age band: participants, digital participants, their share within the band, and each
  band's share of all digital participants (「デジタル利用した人の年代別割合」).

Only aggregates leave this module; per-person rows are never shown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from madoguchi.core import csvsafe

from .models import AgeBand, Participation, ParticipationChannel


@dataclass
class BandRow:
    band: str
    label: str
    participants: int
    digital: int
    digital_share: float | None  # % of the band's participants who took part online
    share_of_digital: float | None  # % of all digital participants in this band


@dataclass
class Indicators:
    process_id: int | None
    fiscal_year: int | None
    participations: int
    by_channel: dict[str, int]
    participants: int
    digital_participants: int
    share_digital: float | None
    by_age_band: list[BandRow]

    def as_dict(self) -> dict:
        return {
            "process": self.process_id,
            "fiscal_year": self.fiscal_year,
            "participations": self.participations,
            "participations_by_channel": self.by_channel,
            "participants": self.participants,
            "digital_participants": self.digital_participants,
            "share_digital": _round(self.share_digital),
            "by_age_band": [
                {
                    "age_band": row.band,
                    "label": row.label,
                    "participants": row.participants,
                    "digital_participants": row.digital,
                    "digital_share": _round(row.digital_share),
                    "share_of_digital": _round(row.share_of_digital),
                }
                for row in self.by_age_band
            ],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _pct(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def compute(*, process=None, fiscal_year: int | None = None) -> Indicators:
    qs = Participation.objects.all()
    if process is not None:
        qs = qs.filter(process=process)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    rows = list(qs.order_by("created_at", "pk").values_list("participant_key", "channel", "age_band"))
    by_channel = {str(c): 0 for c in ParticipationChannel.values}
    band_of: dict[str, str] = {}
    digital: set[str] = set()
    for key, channel, band in rows:
        by_channel[channel] = by_channel.get(channel, 0) + 1
        if band != AgeBand.UNKNOWN or key not in band_of:
            band_of[key] = band  # the latest known band of each participant
        if channel == ParticipationChannel.ONLINE:
            digital.add(key)
    bands = []
    for band in AgeBand:
        members = {k for k, b in band_of.items() if b == band}
        online = members & digital
        if band == AgeBand.UNKNOWN and not members:
            continue
        bands.append(
            BandRow(
                band=band.value,
                label=str(band.label),
                participants=len(members),
                digital=len(online),
                digital_share=_pct(len(online), len(members)),
                share_of_digital=_pct(len(online), len(digital)),
            )
        )
    return Indicators(
        process_id=getattr(process, "pk", None),
        fiscal_year=fiscal_year,
        participations=len(rows),
        by_channel=by_channel,
        participants=len(band_of),
        digital_participants=len(digital),
        share_digital=_pct(len(digital), len(band_of)),
        by_age_band=bands,
    )


def parse_fiscal_year(value: str) -> int | None:
    """A 年度 from a query string ("2025"); anything else (or out of range) means all years."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and 1900 <= int(value) <= 2200:
        return int(value)
    return None


def fiscal_years(process=None) -> list[int]:
    qs = Participation.objects.all() if process is None else Participation.objects.filter(process=process)
    return sorted(set(qs.values_list("fiscal_year", flat=True)), reverse=True)


def to_csv(indicators: Indicators) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(["section", "key", "label", "participants", "digital_participants", "percent"])
    writer.writerow(
        [
            "total",
            "all",
            _("参加者"),
            indicators.participants,
            indicators.digital_participants,
            _fmt(indicators.share_digital),
        ]
    )
    for channel, count in indicators.by_channel.items():
        writer.writerow(["channel", channel, str(ParticipationChannel(channel).label), count, "", ""])
    for row in indicators.by_age_band:
        writer.writerow(
            ["age_band", row.band, row.label, row.participants, row.digital, _fmt(row.digital_share)]
        )
    return out.getvalue()


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


# --- charts: server-rendered SVG, each shown beside its data table -----------------------------


@dataclass
class Bar:
    label: str
    value: float
    text: str
    y: int = 0
    width: float = 0.0
    text_x: float = 0.0


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = 560
    label_width: int = 180


def bar_chart(title: str, items: list[tuple[str, float, str]], *, maximum: float | None = None) -> BarChart:
    """Horizontal bars; `items` are (label, value, text shown at the end of the bar)."""
    top = maximum if maximum is not None else max([v for _l, v, _t in items] + [1])
    chart = BarChart(title=title, bars=[], height=28 * len(items) + 8)
    span = chart.width - chart.label_width - 70
    for i, (label, value, text) in enumerate(items):
        width = span * (value / top) if top else 0
        chart.bars.append(
            Bar(label, value, text, y=4 + 28 * i, width=round(width, 1), text_x=chart.label_width + width + 6)
        )
    return chart


def charts_for(indicators: Indicators) -> dict[str, BarChart]:
    channel = bar_chart(
        _("参加方法別の参加件数"),
        [(str(ParticipationChannel(c).label), n, f"{n}") for c, n in indicators.by_channel.items()],
    )
    bands = bar_chart(
        _("年代別のデジタル参加率（％）"),
        [
            (row.label, row.digital_share or 0, _fmt(row.digital_share) or "—")
            for row in indicators.by_age_band
        ],
        maximum=100,
    )
    return {"channel": channel, "age_band": bands}
