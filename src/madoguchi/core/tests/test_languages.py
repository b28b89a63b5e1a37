"""Chinese (simplified), Korean and Vietnamese (1-エ): chosen by the browser's Accept-Language or the
switch, the page says its language, and the key pages' catalogs leave nothing untranslated."""

import unicodedata
from pathlib import Path

import polib
import pytest

from madoguchi.core.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "code"), [("zh-Hans", "zh-hans"), ("zh-CN", "zh-hans"), ("ko", "ko"), ("vi", "vi")]
)
def test_the_browsers_language_is_used_and_declared(client, header, code):
    MunicipalityFactory()
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert f'<html lang="{code}"' in page


def test_the_switch_offers_every_language_in_its_own_name(client):
    MunicipalityFactory()
    page = unicodedata.normalize(
        "NFC", client.get("/").content.decode()
    )  # Django spells Tiếng Việt decomposed
    for code, name in (("en", "English"), ("zh-hans", "简体中文"), ("ko", "한국어"), ("vi", "Tiếng Việt")):
        assert f'value="{code}" lang="{code}"' in page and name in page


@pytest.mark.parametrize(
    ("language", "day", "year", "fiscal"),
    [
        ("zh-hans", "2024年4月1日 (令和6年)", "2024年 (令和6年)", "2025年度 (令和7年)"),
        ("ko", "2024년 4월 1일 (레이와 6년)", "2024년 (레이와 6년)", "2025년도 (레이와 7년)"),
        ("vi", "ngày 1 tháng 4 năm 2024 (Reiwa 6)", "năm 2024 (Reiwa 6)", "năm tài chính 2025 (Reiwa 7)"),
    ],
)
def test_dates_read_in_the_readers_own_form_with_the_era_beside(language, day, year, fiscal):
    from datetime import date

    from django.utils import translation

    from madoguchi.core.japanese import format_fiscal_year, format_wareki, format_wareki_year

    with translation.override(language):
        assert (format_wareki(date(2024, 4, 1)), format_wareki_year(2024), format_fiscal_year(2025)) == (
            day,
            year,
            fiscal,
        )
    with translation.override("ja"):
        assert format_wareki(date(2024, 4, 1)) == "令和6(2024)年4月1日"  # Japanese unchanged


@pytest.mark.parametrize(
    ("language", "amount", "share"),
    [
        ("ja", "1,800,000円", "12.5"),
        ("en", "¥1,800,000", "12.5"),
        ("zh-hans", "1,800,000", "12.5"),
        ("ko", "1,800,000", "12.5"),
        ("vi", "1.800.000", "12,5"),  # Vietnamese groups with points and writes decimals with a comma
    ],
)
def test_amounts_and_figures_read_in_the_readers_own_number_form(language, amount, share):
    from django.utils import translation

    from madoguchi.participation.templatetags.participation_tags import yen
    from madoguchi.pdca.services import format_value

    with translation.override(language):
        assert amount in yen(1_800_000)
        assert format_value(12.5, "") == share


# The apps whose pages residents use (plus the plan and the privacy register); the staff-only
# back office (automation, paper, workstyle) is in Japanese and English.
RESIDENT_APPS = [
    "core",
    "identity",
    "procedures",
    "lifeevents",
    "assistant",
    "counter",
    "applications",
    "delivery",
    "participation",
    "opendata",
    "learning",
    "pdca",
    "privacy",
    "notices",
]


@pytest.mark.parametrize("language", ["zh_Hans", "ko", "vi"])
def test_the_resident_pages_catalogs_leave_nothing_untranslated(language):
    for app in RESIDENT_APPS:
        english, other = _catalog(app, "en"), _catalog(app, language)
        translated = {(e.msgctxt, e.msgid) for e in other if e.translated() and "fuzzy" not in e.flags}
        missing = [e.msgid for e in english if not e.obsolete and (e.msgctxt, e.msgid) not in translated]
        assert not missing, f"{app} ({language}): {missing[:5]}"


def _catalog(app: str, language: str) -> polib.POFile:
    root = Path(__file__).resolve().parents[2]
    return polib.pofile(str(root / app / "locale" / language / "LC_MESSAGES" / "django.po"))
