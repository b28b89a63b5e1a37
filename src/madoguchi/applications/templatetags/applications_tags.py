from django import template

from ..display import staff_name, state_tag

register = template.Library()


@register.filter
def state_class(state: str) -> str:
    return state_tag(state)


@register.filter
def field_named(form, name):
    return form[name]


@register.filter(name="staff_name")
def staff_name_filter(user) -> str:
    return staff_name(user) if user is not None else ""
