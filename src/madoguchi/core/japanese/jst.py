"""Japan Standard Time: the city's calendar day for any date or datetime.

Times are stored in UTC and shown in JST (UTC+9, no daylight saving). A calendar question
(which 年度, which 元号, is the office open) is always asked of the JST day: an application
sent at 2025-03-31T15:00Z arrived on 2025-04-01 in Kokubunji.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")


def to_jst_date(value: date | datetime) -> date:
    """The JST calendar day of ``value``.

    An aware datetime is converted to JST first; a naive datetime is taken as JST wall-clock
    time already (that is what a form field gives); a plain date is returned unchanged.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(JST)
        return value.date()
    return value
