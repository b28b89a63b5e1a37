"""The plan's 2-ウ indicators (デジタル・ワークスタイルの推進), computed from the staff meetings and
the telework pilots. scope: {"department": <部署コード>} narrows each to one department."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.pdca.metrics import Record, metric

from .services import meetings, telework


def _department(scope: dict | None) -> str | None:
    return (scope or {}).get("department") or None


def _meeting_records(counted: Callable) -> Callable[[int, dict | None], list[Record]]:
    def drill(fiscal_year: int, scope: dict | None = None) -> list[Record]:
        return [
            Record(
                label=f"{meeting.title}（{meeting.get_mode_display()}）",
                month=to_jst_date(meeting.held_at).strftime("%Y-%m"),
                department=meeting.department.name,
                counted=counted(meeting),
                note=str(_("紙 %(pages)s枚") % {"pages": meeting.printed_pages})
                if meeting.paper_printed
                else "",
            )
            for meeting in meetings.meetings_held(fiscal_year, department=_department(scope))
            .select_related("department")
            .order_by("held_at", "pk")
        ]

    return drill


def _online_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return {
        department.name: rates.online_rate
        for department, rates in meetings.meeting_rates_by_department(fiscal_year)
        if rates.online_rate is not None
    }


def _paperless_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return {
        department.name: rates.paperless_rate
        for department, rates in meetings.meeting_rates_by_department(fiscal_year)
        if rates.paperless_rate is not None
    }


@metric(
    "online-meeting-rate",
    unit="%",
    definition=_(
        "年度内（進行中の年度は現在まで）に開催した庁内の会議（中止した会議を除く）のうち、オンラインまたは"
        "ハイブリッド（対面とオンラインの併用）で開催した会議の割合（%、小数第1位まで）。"
        "会議の記録の開催方法で数え、部署別の内訳は主催部署ごと。会議のない年度は値なし。"
    ),
    plan_wording="オンライン会議の利用率",
    breakdown=_online_breakdown,
    drill=_meeting_records(lambda meeting: meeting.online),
)
def online_meeting_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return meetings.meeting_rates(fiscal_year, department=_department(scope)).online_rate


@metric(
    "paperless-meeting-rate",
    unit="%",
    definition=_(
        "年度内（進行中の年度は現在まで）に開催した庁内の会議（中止した会議を除く）のうち、紙の資料を1枚も"
        "印刷しなかった会議の割合（%、小数第1位まで）。会議の記録の「紙の資料を印刷した」で数え、印刷した"
        "会議は枚数にかかわらず数えません。部署別の内訳は主催部署ごと。会議のない年度は値なし。"
    ),
    plan_wording="会議のペーパーレス化率",
    breakdown=_paperless_breakdown,
    drill=_meeting_records(lambda meeting: not meeting.paper_printed),
)
def paperless_meeting_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return meetings.meeting_rates(fiscal_year, department=_department(scope)).paperless_rate


def _pilot_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return {
        department.name: share.percent
        for department, share in telework.participation_by_department(fiscal_year)
        if share.percent is not None
    }


def _pilot_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    days = telework.year_days(fiscal_year)
    records = []
    for member in (
        telework.year_members(fiscal_year, department=_department(scope))
        .select_related("pilot", "department", "user")
        .order_by("pilot__starts_on", "department__sort_order", "pk")
    ):
        first = days.filter(member=member).order_by("on").first()
        records.append(
            Record(
                label=f"{member.pilot.title}: {member.user.get_username()}",
                month=(first.on if first else member.pilot.starts_on).strftime("%Y-%m"),
                department=member.department.name,
                counted=first is not None,
                note=str(_("実施 %(days)s日") % {"days": days.filter(member=member).count()})
                if first
                else str(_("実施なし")),
            )
        )
    return records


@metric(
    "telework-pilot-participation-rate",
    unit="%",
    definition=_(
        "期間が年度と重なるテレワークシステム実証実験の対象職員のうち、年度内にテレワークを1日以上実施した職員の"
        "割合（%、小数第1位まで）。対象職員は実証実験の登録時点で対象部署に職員権限（管理職対象の実証実験では"
        "決裁の権限）を持っていた有効なアカウントで、その時点の名簿として保存し、一人を一度だけ数えます"
        "（複数の実証実験の名簿に載っていても一人）。部署別の内訳は名簿の所属ごと。実証実験のない年度は値なし。"
    ),
    plan_wording="テレワークシステム実証実験の参加率",
    breakdown=_pilot_breakdown,
    drill=_pilot_records,
)
def telework_pilot_participation_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return telework.participation(fiscal_year, department=_department(scope)).percent
