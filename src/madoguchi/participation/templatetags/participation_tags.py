from django import template
from django.utils.formats import number_format

from ..labels import label

register = template.Library()


@register.simple_tag
def plabel(key: str) -> str:
    """{% plabel "opinion_map" %} → the city's word for it (「みんなの意見」 by default)."""
    return label(key)


@register.filter
def yen(value) -> str:
    """12000 → 「12,000円」 (in English, "¥12,000")."""
    from django.utils.translation import gettext

    try:
        number = number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return ""
    return gettext("%(n)s円") % {"n": number}
