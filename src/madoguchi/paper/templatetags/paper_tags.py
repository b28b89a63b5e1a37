from django import template

from madoguchi.paper.fields import kind_label

register = template.Library()


@register.filter
def field_kind(kind: str) -> str:
    """カタカナ, 郵便番号… for a field kind's code (katakana, postal…)."""
    return kind_label(kind)
