"""workstyle's public services (働き方改革（会議・テレワーク）, plan 2-ウ デジタル・ワークスタイルの推進).

meetings  庁内の会議: agenda, mode, the meeting tool link, paper, the document pack (versions and
          who opened what); オンライン会議の利用率 and 会議のペーパーレス化率
telework  テレワーク実証実験: periods, the roster, days teleworked, the survey; the participation rate
retention 保存期間: the staff records past the register's rule, for the privacy purge
"""

from ..events import Verb
from ..models import Mode, SurveyAnswer, TeleworkPilot
from . import retention
from .meetings import (
    MeetingRates,
    access_document,
    access_meeting,
    add_document,
    add_version,
    cancel_meeting,
    check_meeting_link,
    check_pdf,
    meeting_rates,
    meeting_rates_by_department,
    meeting_tool_urls,
    meetings_for,
    meetings_held,
    open_version,
    opens_of,
    schedule_meeting,
    update_meeting,
)
from .telework import (
    Participation,
    access_pilot,
    answer_survey,
    memberships_of,
    participation,
    participation_by_department,
    pilots_for,
    pilots_in,
    record_day,
    roster,
    start_pilot,
    year_days,
    year_members,
)

__all__ = [
    # vocabulary
    "Verb",
    "Mode",
    "TeleworkPilot",
    "SurveyAnswer",
    # retention (privacy's purge)
    "retention",
    # meetings
    "MeetingRates",
    "schedule_meeting",
    "update_meeting",
    "cancel_meeting",
    "check_meeting_link",
    "meeting_tool_urls",
    "check_pdf",
    "add_document",
    "add_version",
    "open_version",
    "meetings_for",
    "access_meeting",
    "access_document",
    "opens_of",
    "meetings_held",
    "meeting_rates",
    "meeting_rates_by_department",
    # telework
    "Participation",
    "roster",
    "start_pilot",
    "record_day",
    "answer_survey",
    "pilots_for",
    "access_pilot",
    "memberships_of",
    "pilots_in",
    "year_members",
    "year_days",
    "participation",
    "participation_by_department",
]
