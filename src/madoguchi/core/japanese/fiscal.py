"""年度 (the fiscal year): April 1 to March 31, named by the Western year it starts in.

令和7年度 = FY2025 = 2025-04-01 … 2026-03-31 in JST. The era of a 年度 is the era in force on its
April 1, so FY2019 is 平成31年度 (its receipt numbers start "H31") even though 令和 began in May.
"""

from datetime import UTC, date, datetime

from django.utils.translation import get_language

from .jst import JST, to_jst_date
from .wareki import format_wareki_year, to_wareki, uses_english


def fiscal_year(value: date | datetime) -> int:
    """The 年度 of a JST day: 2025-03-31 → 2024, 2025-04-01 → 2025."""
    d = to_jst_date(value)
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """First and last day (inclusive) of 年度 ``fy``, as JST calendar days."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def fiscal_year_bounds_utc(fy: int) -> tuple[datetime, datetime]:
    """UTC instants [start, end) of 年度 ``fy``, for ``created_at__gte=start, created_at__lt=end``.

    The JST midnight of April 1 is 15:00 UTC on March 31.
    """
    start = datetime(fy, 4, 1, tzinfo=JST).astimezone(UTC)
    end = datetime(fy + 1, 4, 1, tzinfo=JST).astimezone(UTC)
    return start, end


def format_fiscal_year(fy: int, *, with_western: bool = True) -> str:
    """「令和7(2025)年度」, or "FY2025 (Reiwa 7)" when the UI language is English."""
    w = to_wareki(date(fy, 4, 1))
    language = (get_language() or "").lower()[:2]
    if language in {"zh", "ko", "vi"}:
        era = format_wareki_year(date(fy, 4, 1), with_western=False)
        own = {"zh": f"{fy}年度", "ko": f"{fy}년도", "vi": f"năm tài chính {fy}"}[language]
        return f"{own} ({era})" if with_western else era
    if uses_english():
        return f"FY{fy} ({w.era.romaji} {w.year})" if with_western else f"FY {w.era.romaji} {w.year}"
    western = f"({fy})" if with_western else ""
    return f"{w.era.name}{w.year_text}{western}年度"


def receipt_prefix(fy: int) -> str:
    """Era initial and era year of the 年度's April 1, for receipt numbers: FY2025 → "R7", FY2018 → "H30"."""
    w = to_wareki(date(fy, 4, 1))
    return f"{w.era.initial}{w.year}"
