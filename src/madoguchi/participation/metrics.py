"""参加の状況 (the plan's 3-ア indicators and 1-ア's online events), computed from Participation
rows and workshop registrations:

- participations by channel (online / in person / postal / paper);
- share digital: participants who took part online at least once / all participants
  (「全参加市民中デジタル参加市民の率」);
- by age band: participants, digital participants, their share within the band, and each
  band's share of all digital participants (「デジタル利用した人の年代別割合」).

A workshop sign-up is participation only while it is confirmed: a waitlisted or cancelled
sign-up adds nothing (the Participation row written at sign-up is not read; the confirmed
Registration is, in the 年度 the workshop is held). Where attendance is recorded, it is what
counts: once an event has any check-in at the door (in person) or any join through
/events/<id>/join/ (online), only the confirmed registrants of that mode who were seen count for
it — a sign-up who never came is not a participant (``taking_part``). An event and mode with no
attendance record (held before check-in existed, or not taken) still counts its confirmed sign-ups.
For the plan's figures, a 賛同 (support click) is not participation: see ``PLAN_KINDS``.

Only aggregates leave this module; per-person rows are never shown. The plan's metrics are
registered at the end (``@metric``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madoguchi.core import csvsafe
from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.pdca.metrics import Record, metric

from .models import AgeBand, Participation, ParticipationChannel, Process, Registration, Workshop
from .services import age_band_for, participant_key

# What the plan counts as 市民参加 (3-ア). Its wording: 「市民公募委員、市民ワークショップ、アンケート
# 調査などの手法」「ワークショップ等の開催において、オンライン活用の拡大」「アンケート調査等について、
# 郵送方式とオンライン方式との併用」「市民参加型合意形成プラットフォーム」. Proposals, comments,
# survey answers, workshops and opinion-map votes are each a contribution of the resident's own; the
# plan nowhere counts a single 賛同 (support) click as taking part, so the plan's figures leave it
# out (the participation pages still show supports among all activity).
PLAN_KINDS = frozenset(Participation.Kind.values) - {Participation.Kind.SUPPORT}


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


def confirmed_registrations(*, process=None, fiscal_year: int | None = None):
    """Confirmed workshop sign-ups, by the 年度 the workshop is held in."""
    qs = Registration.objects.filter(status=Registration.Status.CONFIRMED)
    if process is not None:
        qs = qs.filter(workshop__process=process)
    if fiscal_year is not None:
        start, end = fiscal_year_bounds_utc(fiscal_year)
        qs = qs.filter(workshop__starts_at__gte=start, workshop__starts_at__lt=end)
    return qs


ATTENDANCE_FIELD = {ParticipationChannel.IN_PERSON: "checked_in_at", ParticipationChannel.ONLINE: "joined_at"}


def _attended(mode: str) -> Q:
    return Q(mode=mode, **{f"{ATTENDANCE_FIELD[ParticipationChannel(mode)]}__isnull": False})


def taking_part(*, process=None, fiscal_year: int | None = None):
    """The registrations that count as taking part: confirmed ones, and for an event and mode
    whose attendance was recorded (anyone checked in / joined), only those seen."""
    confirmed = confirmed_registrations(process=process, fiscal_year=fiscal_year)
    recorded = Q(pk__in=[])
    for mode in ATTENDANCE_FIELD:
        workshops = confirmed.filter(_attended(mode)).values("workshop")
        recorded |= Q(mode=mode, workshop__in=workshops)
    seen = Q(pk__in=[])
    for mode in ATTENDANCE_FIELD:
        seen |= _attended(mode)
    return confirmed.filter(~recorded | seen)


def _rows(*, process, fiscal_year: int | None, kinds) -> list[tuple[str, str, str]]:
    """(participant key, channel, age band) of every act of taking part, oldest first."""
    qs = Participation.objects.exclude(kind=Participation.Kind.WORKSHOP)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    if process is not None:
        qs = qs.filter(process=process)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    timed = [
        (at, (key, ch, band))
        for at, key, ch, band in qs.values_list("created_at", "participant_key", "channel", "age_band")
    ]
    if kinds is None or Participation.Kind.WORKSHOP in kinds:
        registrations = taking_part(process=process, fiscal_year=fiscal_year).select_related(
            "person", "workshop"
        )
        for r in registrations:
            held = to_jst_date(r.workshop.starts_at)
            timed.append(
                (r.workshop.starts_at, (participant_key(r.person), r.mode, age_band_for(r.person, held)))
            )
    timed.sort(key=lambda item: item[0])
    return [row for _at, row in timed]


def compute(*, process=None, fiscal_year: int | None = None, kinds=None) -> Indicators:
    """The participation figures; ``kinds`` narrows to some kinds of participation (PLAN_KINDS)."""
    rows = _rows(process=process, fiscal_year=fiscal_year, kinds=kinds)
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


# --- the plan's indicators (PDCA) ----------------------------------------------------------------


def _plan(fiscal_year: int, scope: dict | None) -> Indicators:
    process = None
    if scope and scope.get("process"):
        process = Process.objects.filter(pk=scope["process"]).first()
    return compute(process=process, fiscal_year=fiscal_year, kinds=PLAN_KINDS)


def digital_share_by_age_band(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    """Per age band code ("10s", "20s", …, "70plus", "unknown"): % of its participants online."""
    return {
        row.band: round(row.digital_share, 1)
        for row in _plan(fiscal_year, scope).by_age_band
        if row.digital_share is not None
    }


@metric(
    "digital-participant-rate",
    unit="%",
    definition=gettext_lazy(
        "年度内に市民参加（提案・コメント・アンケート回答・ワークショップ参加〔参加確定のみ。出席を記録した回は出席した人のみ〕・"
        "みんなの意見への投票）"
        "をした人のうち、一度でもオンラインで参加した人の割合。人で数えます。賛同（ワンクリック）は参加に数えません。"
        "年代別の内訳付き。scope: process"
    ),
    plan_wording="全参加市民中デジタル参加市民の率",
    breakdown=digital_share_by_age_band,
)
def digital_share(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _plan(fiscal_year, scope).share_digital


def share_of_digital_by_age_band(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return {
        row.band: round(row.share_of_digital, 1)
        for row in _plan(fiscal_year, scope).by_age_band
        if row.share_of_digital is not None
    }


@metric(
    "digital-participant-age-share",
    unit="%",
    definition=gettext_lazy(
        "年度内にオンラインで市民参加をした人の年代別割合。見出しの値は、計画が課題とする10〜30代の合計の割合です。"
    ),
    plan_wording="デジタル利用した人の年代別割合",
    breakdown=share_of_digital_by_age_band,
)
def young_share_of_digital(fiscal_year: int, scope: dict | None = None) -> float | None:
    ind = _plan(fiscal_year, scope)
    if not ind.digital_participants:
        return None
    young = sum(row.digital for row in ind.by_age_band if row.band in ("10s", "20s", "30s"))
    return 100 * young / ind.digital_participants


def _digital_processes(fiscal_year: int) -> dict[int, str]:
    """Processes with at least one online act of taking part in the 年度: pk → title."""
    pks = set(
        Participation.objects.filter(
            fiscal_year=fiscal_year, channel=ParticipationChannel.ONLINE, kind__in=PLAN_KINDS
        )
        .exclude(kind=Participation.Kind.WORKSHOP)
        .values_list("process", flat=True)
    )
    pks |= set(
        taking_part(fiscal_year=fiscal_year)
        .filter(mode=ParticipationChannel.ONLINE)
        .values_list("workshop__process", flat=True)
    )
    return dict(Process.objects.filter(pk__in=pks).values_list("pk", "title"))


def digital_process_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    start, _end = fiscal_year_bounds_utc(fiscal_year)
    return [
        Record(label=title, month=to_jst_date(start).strftime("%Y-%m"), note=f"process #{pk}")
        for pk, title in sorted(_digital_processes(fiscal_year).items())
    ]


@metric(
    "digital-participation-count",
    unit="件",
    definition=gettext_lazy(
        "年度内にオンラインでの参加（賛同を除く。ワークショップは参加確定のみ、出席を記録した回は出席した人のみ）が"
        "1件以上あった市民参加の場（参加の手続）の数。"
    ),
    plan_wording="デジタル技術を活用した市民参加の実施数",
    drill=digital_process_records,
)
def digital_processes(fiscal_year: int, scope: dict | None = None) -> int:
    return len(_digital_processes(fiscal_year))


# --- 1-ア: online events and briefings (the workshop records) -------------------------------------

ONLINE_FORMATS = (Workshop.Format.ONLINE, Workshop.Format.HYBRID)
EVENTS_WORDING = (
    "イベント、情報提供、説明会等参加者のうち、オンライン等デジタル技術サービスを利用した人数、割合"
)


def _workshops(fiscal_year: int):
    start, end = fiscal_year_bounds_utc(fiscal_year)
    return Workshop.objects.filter(starts_at__gte=start, starts_at__lt=end)


def workshop_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=f"{w.title}（{w.get_format_display()}）",
            month=to_jst_date(w.starts_at).strftime("%Y-%m"),
            counted=w.format in ONLINE_FORMATS,
            note=f"workshop #{w.pk}",
        )
        for w in _workshops(fiscal_year).order_by("starts_at", "pk")
    ]


@metric(
    "online-event-count",
    unit="回",
    definition=gettext_lazy(
        "年度内に開催した（開始日時による）ワークショップのうち、オンラインまたは会場とオンラインの併用で開いた回数。"
    ),
    plan_wording="イベント、情報提供、説明会等におけるオンライン等デジタル技術の活用開催数",
    drill=workshop_records,
)
def online_events(fiscal_year: int, scope: dict | None = None) -> int:
    return _workshops(fiscal_year).filter(format__in=ONLINE_FORMATS).count()


def _event_people(fiscal_year: int) -> tuple[set[int], set[int]]:
    """(everyone who took part, those who took part online) among workshops of the 年度: confirmed
    sign-ups, or where attendance was recorded, those who came (``taking_part``)."""
    everyone, online = set(), set()
    for person, mode in taking_part(fiscal_year=fiscal_year).values_list("person", "mode"):
        everyone.add(person)
        if mode == ParticipationChannel.ONLINE:
            online.add(person)
    return everyone, online


def event_people_by_mode(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    everyone, online = _event_people(fiscal_year)
    return {"online": len(online), "in_person": len(everyone - online)} if everyone else {}


def registration_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    qs = Registration.objects.select_related("workshop")
    start, end = fiscal_year_bounds_utc(fiscal_year)
    qs = qs.filter(workshop__starts_at__gte=start, workshop__starts_at__lt=end).order_by(
        "workshop__starts_at", "pk"
    )
    counted = set(taking_part(fiscal_year=fiscal_year).values_list("pk", flat=True))
    records = []
    for r in qs:
        state = r.get_status_display()
        if r.status == Registration.Status.CONFIRMED:
            if r.attended_at is not None:
                state = _("出席")
            elif r.pk not in counted:
                state = _("欠席（出席を記録した回）")
        records.append(
            Record(
                label=f"{r.workshop.title}: {r.get_mode_display()}（{state}）",
                month=to_jst_date(r.workshop.starts_at).strftime("%Y-%m"),
                counted=r.pk in counted and r.mode == ParticipationChannel.ONLINE,
            )
        )
    return records


@metric(
    "online-event-participants",
    unit="人",
    definition=gettext_lazy(
        "年度内に開催したワークショップ・説明会に、オンラインで参加した人の数。参加確定の人を数え、オンラインの入室を"
        "記録した回は、入室した人だけを数えます（キャンセル待ち・取消は数えません。同じ人は1人）。"
    ),
    plan_wording=EVENTS_WORDING,
    breakdown=event_people_by_mode,
    drill=registration_records,
)
def online_event_participants(fiscal_year: int, scope: dict | None = None) -> int:
    return len(_event_people(fiscal_year)[1])


@metric(
    "online-event-participant-rate",
    unit="%",
    definition=gettext_lazy(
        "年度内に開催したワークショップの参加者（参加確定の人。会場の受付・オンラインの入室を記録した回は、"
        "出席した人）のうち、オンラインで参加した人の割合。人で数えます。"
    ),
    plan_wording=EVENTS_WORDING,
    breakdown=event_people_by_mode,
    drill=registration_records,
)
def online_event_participant_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    everyone, online = _event_people(fiscal_year)
    return 100 * len(online) / len(everyone) if everyone else None
