"""Furigana for the resident's tablet view (core.japanese.furigana's <ruby>); the booking
calendar's days with their weekday (月火水…)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext

from madoguchi.core.furigana import city_code
from madoguchi.core.japanese import format_wareki
from madoguchi.core.japanese.furigana import ruby_html

register = template.Library()


@register.filter
def furigana(value) -> str:
    """ふりがな: kanji words get their reading above them (Japanese text only)."""
    text = str(value if value is not None else "")
    if get_language() != "ja":
        return escape(text)
    return mark_safe(ruby_html(text, city_code()))  # noqa: S308  (ruby_html escapes every part)


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
