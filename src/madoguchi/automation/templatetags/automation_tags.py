from django import template

register = template.Library()


@register.filter
def days(durations, which: str = "median"):
    """A Durations figure in days ("—" when there is none)."""
    value = durations.days(which)
    return "—" if value is None else value


@register.filter
def get_param(params, name: str) -> str:
    return params.get(name, "")
