"""The assistant's answers in やさしい日本語: an FAQ answer's easy version (core.easy, kind "faq",
by the FAQ's key) when the resident chose やさしい日本語 and one has been written and reviewed."""

from django import template

from madoguchi.core import easy

from ..models import Faq

register = template.Library()


@register.simple_tag(takes_context=True)
def easy_answer(context, answer):
    if not easy.is_on(context.get("request")) or answer.source != "faq" or not answer.faq_id:
        return None
    key = Faq.objects.filter(pk=answer.faq_id).values_list("key", flat=True).first()
    return easy.easy_text("faq", key) if key else None
