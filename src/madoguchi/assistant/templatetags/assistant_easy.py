"""The assistant's answers in やさしい日本語: an FAQ answer's easy version (core.easy, kind "faq",
by the FAQ's key) when the resident chose やさしい日本語 and one has been written and reviewed."""

from django import template

from madoguchi.core import easy

from .. import services

register = template.Library()


@register.simple_tag(takes_context=True)
def easy_answer(context, answer):
    return services.easy_answer(answer) if easy.is_on(context.get("request")) else None
