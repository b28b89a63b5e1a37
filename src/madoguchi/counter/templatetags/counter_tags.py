"""Furigana for the resident's tablet view (SudachiPy readings as <ruby>)."""

import re
from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from madoguchi.core.japanese import to_hiragana

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
