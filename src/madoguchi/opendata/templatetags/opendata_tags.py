from django import template
from django.template.defaultfilters import filesizeformat

from ..events import Verb

register = template.Library()


@register.filter
def stars(level) -> str:
    level = int(level or 0)
    return "★" * level + "☆" * (5 - level)


@register.filter
def size(value) -> str:
    return filesizeformat(value) if value else ""


@register.filter
def verb_label(verb: str) -> str:
    """An Event verb of the catalog as people read it (unknown verbs as they are)."""
    return str(Verb(verb).label) if verb in Verb.values else verb
