from django import template
from django.template.defaultfilters import filesizeformat

register = template.Library()


@register.filter
def stars(level) -> str:
    level = int(level or 0)
    return "★" * level + "☆" * (5 - level)


@register.filter
def size(value) -> str:
    return filesizeformat(value) if value else ""
