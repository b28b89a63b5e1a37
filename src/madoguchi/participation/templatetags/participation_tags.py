from django import template

from ..labels import label

register = template.Library()


@register.simple_tag
def plabel(key: str) -> str:
    """{% plabel "opinion_map" %} → the city's word for it (「みんなの意見」 by default)."""
    return label(key)
