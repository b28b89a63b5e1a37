"""Brackets follow the language: full-width in Japanese, half-width with a space in English."""

from django.template import Context, Template
from django.utils import translation


def _render(value) -> str:
    return Template("{% load core_tags %}{{ value|parens }}").render(Context({"value": value}))


def test_full_width_in_japanese_half_width_in_english():
    with translation.override("ja"):
        assert _render("市民課") == "（市民課）"
    with translation.override("en"):
        assert _render("Required if you chose X") == " (Required if you chose X)"
    assert _render("") == ""


def test_the_value_is_still_escaped():
    with translation.override("en"):
        assert _render("<b>") == " (&lt;b&gt;)"
