"""Furigana for the resident's tablet view (SudachiPy readings as <ruby>); the booking
calendar's days with their weekday (月火水…)."""

import datetime
import re
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext

from madoguchi.core.japanese import format_wareki, to_hiragana

register = template.Library()
KANJI = re.compile(r"[\u3400-\u9fff々〆ヵヶ]")


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import dictionary

    return dictionary.Dictionary().tokenizer()


@lru_cache(maxsize=4096)
def ruby_html(text: str) -> str:
    if not text or not KANJI.search(text):
        return escape(text)
    try:
        morphemes = _tokenizer().tokenize(text)
    except Exception:  # noqa: BLE001  (a reading is a help, never a reason to fail the page)
        return escape(text)
    parts = []
    for morpheme in morphemes:
        surface = morpheme.surface()
        reading = to_hiragana(morpheme.reading_form())
        if KANJI.search(surface) and reading and reading != surface:
            parts.append(f"<ruby>{escape(surface)}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>")
        else:
            parts.append(escape(surface))
    return "".join(parts)


@register.filter
def furigana(value) -> str:
    """ふりがな: kanji words get their reading above them (Japanese text only)."""
    text = str(value if value is not None else "")
    if get_language() != "ja":
        return escape(text)
    return mark_safe(ruby_html(text))  # noqa: S308  (every part is escaped above)


def weekday_names() -> list[str]:
    return [
        pgettext("weekday", "月"),
        pgettext("weekday", "火"),
        pgettext("weekday", "水"),
        pgettext("weekday", "木"),
        pgettext("weekday", "金"),
        pgettext("weekday", "土"),
        pgettext("weekday", "日"),
    ]


@register.simple_tag
def weekdays() -> list[str]:
    """The calendar's column heads, Monday first."""
    return weekday_names()


@register.filter
def weekday(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return weekday_names()[value.weekday()] if value else ""


@register.filter
def visit_day(value) -> str:
    """令和8(2026)年12月7日（月） / 7 December 2026 (Reiwa 8) (Mon)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    text = format_wareki(value)
    name = weekday(value)
    return f"{text} ({name})" if get_language() == "en" else f"{text}（{name}）"
