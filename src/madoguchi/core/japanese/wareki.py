"""和暦 (Japanese era dates), shown with the Western year: 令和6(2024)年4月1日.

An era begins on the day of its 改元 and its first year is 元年: 令和元年 began on 2019-05-01, so
2019-04-30 is 平成31年4月30日. Era start dates used here are the legal ones:
明治 1868-10-23, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.

Japan adopted the Gregorian calendar on 明治6年1月1日 (1873-01-01); earlier dates were counted in the
old lunisolar calendar and cannot be converted by arithmetic, so they are refused.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .errors import JapaneseInputError
from .jst import to_jst_date

GREGORIAN_START = date(1873, 1, 1)

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    romaji: str  # Reiwa
    initial: str  # R
    start: date

    def year_of(self, western_year: int) -> int:
        return western_year - self.start.year + 1


ERAS: tuple[Era, ...] = (
    Era("明治", "Meiji", "M", date(1868, 10, 23)),
    Era("大正", "Taisho", "T", date(1912, 7, 30)),
    Era("昭和", "Showa", "S", date(1926, 12, 25)),
    Era("平成", "Heisei", "H", date(1989, 1, 8)),
    Era("令和", "Reiwa", "R", date(2019, 5, 1)),
)

# 「令和」「令」「R」 all name the same era in what residents type.
_ERA_ALIASES = {alias: era for era in ERAS for alias in (era.name, era.name[0], era.initial)}


def era_end(era: Era) -> date | None:
    """Last day of ``era`` (None for the current era)."""
    index = ERAS.index(era)
    if index + 1 == len(ERAS):
        return None
    return ERAS[index + 1].start - timedelta(days=1)


@dataclass(frozen=True)
class WarekiDate:
    era: Era
    year: int  # era year, 1 for 元年
    month: int
    day: int

    @property
    def year_text(self) -> str:
        """「元」 for the first year, otherwise the number."""
        return "元" if self.year == 1 else str(self.year)

    def __str__(self) -> str:
        return f"{self.era.name}{self.year_text}年{self.month}月{self.day}日"


def _old_calendar_error() -> JapaneseInputError:
    return JapaneseInputError(
        _("明治6年（1873年）1月1日より前の日付は旧暦のため扱えません。1873年以降の日付を入力してください。"),
        code="wareki_old_calendar",
    )


def era_for(value: date | datetime) -> Era:
    """The era in force on a JST day."""
    d = to_jst_date(value)
    if d < GREGORIAN_START:
        raise _old_calendar_error()
    return next(era for era in reversed(ERAS) if era.start <= d)


def to_wareki(value: date | datetime) -> WarekiDate:
    """Era and era year of a day (aware datetimes are read in JST)."""
    d = to_jst_date(value)
    era = era_for(d)
    return WarekiDate(era=era, year=era.year_of(d.year), month=d.month, day=d.day)


def uses_english() -> bool:
    """Whether the active UI language is English (dates then read "1 April 2024 (Reiwa 6)")."""
    return (get_language() or "").lower().startswith("en")


# Chinese, Korean and Vietnamese readers get the Western date in their own form first, the era
# beside it (what a Japanese document they hold will say).
KOREAN_ERAS = {
    "Meiji": "메이지",
    "Taisho": "다이쇼",
    "Showa": "쇼와",
    "Heisei": "헤이세이",
    "Reiwa": "레이와",
}


def _other_language() -> str:
    """ "zh", "ko" or "vi" when the UI speaks one of them, else ""."""
    code = (get_language() or "").lower()
    return next((prefix for prefix in ("zh", "ko", "vi") if code.startswith(prefix)), "")


def _era_year(w: WarekiDate, language: str) -> str:
    if language == "zh":
        return f"{w.era.name}{w.year_text}年"
    if language == "ko":
        return f"{KOREAN_ERAS.get(w.era.romaji, w.era.romaji)} {w.year}년"
    return f"{w.era.romaji} {w.year}"


def _in_other_language(d: date, w: WarekiDate, language: str, *, day: bool, with_western: bool) -> str:
    if language == "zh":
        when = f"{d.year}年{d.month}月" + (f"{d.day}日" if day else "")
    elif language == "ko":
        when = f"{d.year}년 {d.month}월" + (f" {d.day}일" if day else "")
    else:
        when = (f"ngày {d.day} " if day else "") + f"tháng {d.month} năm {d.year}"
    return f"{when} ({_era_year(w, language)})" if with_western else _era_year(w, language)


def format_wareki(value: date | datetime, *, with_western: bool = True, day: bool = True) -> str:
    """「令和6(2024)年4月1日」, or "1 April 2024 (Reiwa 6)" when the UI language is English.

    ``day=False`` stops at the month; ``with_western=False`` drops the Western year.
    """
    d = to_jst_date(value)
    w = to_wareki(d)
    if language := _other_language():
        return _in_other_language(d, w, language, day=day, with_western=with_western)
    if uses_english():
        month = ENGLISH_MONTHS[w.month - 1]
        when = f"{w.day} {month}" if day else month
        if with_western:
            return f"{when} {d.year} ({w.era.romaji} {w.year})"
        return f"{when}, {w.era.romaji} {w.year}"
    western = f"({d.year})" if with_western else ""
    text = f"{w.era.name}{w.year_text}{western}年{w.month}月"
    return f"{text}{w.day}日" if day else text


def format_wareki_year(year_or_date: int | date | datetime, *, with_western: bool = True) -> str:
    """「令和6(2024)年」 / "2024 (Reiwa 6)".

    A bare Western year is shown in the era it ends in (2019 → 令和元(2019)年, 1989 → 平成元(1989)年);
    pass a date when the day matters.
    """
    if isinstance(year_or_date, date):
        d = to_jst_date(year_or_date)
    else:
        if year_or_date < GREGORIAN_START.year:
            raise _old_calendar_error()
        d = date(year_or_date, 12, 31)
    w = to_wareki(d)
    if language := _other_language():
        western = {"zh": f"{d.year}年", "ko": f"{d.year}년"}.get(language, f"năm {d.year}")
        return f"{western} ({_era_year(w, language)})" if with_western else _era_year(w, language)
    if uses_english():
        era_year = f"{w.era.romaji} {w.year}"
        return f"{d.year} ({era_year})" if with_western else era_year
    western = f"({d.year})" if with_western else ""
    return f"{w.era.name}{w.year_text}{western}年"


_WAREKI_RE = re.compile(
    r"(?P<era>[^\d元()]+?)(?P<year>元|\d{1,3})(?:\((?P<western>\d{4})\))?"
    r"(?:年|[./-])(?P<month>\d{1,2})(?:月|[./-])(?P<day>\d{1,2})日?"
)


def _ja(d: date) -> str:
    """Japanese era text without the Western year, for messages about what the resident typed."""
    return str(to_wareki(d))


def parse_wareki(text: str) -> date:
    """Read 「令和6年4月1日」「R6.4.1」「R06/04/01」「平成元年1月8日」「令和6(2024)年4月1日」.

    Full-width digits and spaces are accepted. A date that never existed in the named era is
    refused with the era it belongs to, so the resident can correct it.
    """
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    match = _WAREKI_RE.fullmatch(compact)
    if not match:
        raise JapaneseInputError(
            _("和暦の日付は「令和6年4月1日」または「R6.4.1」の形で入力してください。"), code="wareki_format"
        )
    era = _ERA_ALIASES.get(match["era"].upper())
    if era is None:
        raise JapaneseInputError(
            _(
                "「%(era)s」という元号はありません。明治・大正・昭和・平成・令和のいずれかで入力してください。"
            ),
            code="wareki_unknown_era",
            params={"era": match["era"]},
        )
    era_year = 1 if match["year"] == "元" else int(match["year"])
    if era_year == 0:
        raise JapaneseInputError(
            _("和暦の年は「元」または1以上の数字で入力してください（例：令和元年、令和6年）。"),
            code="wareki_year",
        )
    western_year = era.start.year + era_year - 1
    month, day = int(match["month"]), int(match["day"])
    given = f"{era.name}{'元' if era_year == 1 else era_year}年{month}月{day}日"
    if match["western"] and int(match["western"]) != western_year:
        raise JapaneseInputError(
            _("%(era)s%(year)s年は西暦%(western)s年です。和暦と西暦のどちらかを直してください。"),
            code="wareki_western_mismatch",
            params={"era": era.name, "year": era_year, "western": western_year},
        )
    try:
        d = date(western_year, month, day)
    except ValueError:
        raise JapaneseInputError(
            _("%(given)sという日付はありません。月と日を確かめてください。"),
            code="wareki_invalid_date",
            params={"given": given},
        ) from None
    if d < GREGORIAN_START:
        raise _old_calendar_error()
    if d < era.start:
        raise JapaneseInputError(
            _(
                "%(given)sは%(era)sが始まる前の日付です（%(era)sは%(first)sから）。%(actual)sとして入力してください。"
            ),
            code="wareki_before_era",
            params={"given": given, "era": era.name, "first": _ja(era.start), "actual": _ja(d)},
        )
    end = era_end(era)
    if end is not None and d > end:
        raise JapaneseInputError(
            _(
                "%(given)sは%(era)sの期間を過ぎています（%(era)sは%(last)sまで）。%(actual)sとして入力してください。"
            ),
            code="wareki_after_era",
            params={"given": given, "era": era.name, "last": _ja(end), "actual": _ja(d)},
        )
    return d
