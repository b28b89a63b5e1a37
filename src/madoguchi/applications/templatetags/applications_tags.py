from django import template

from ..display import state_tag

register = template.Library()


@register.filter
def state_class(state: str) -> str:
    return state_tag(state)


@register.filter
def field_named(form, name):
    return form[name]
