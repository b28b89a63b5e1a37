"""Template helpers for the design system: city name, text size, accessible fields, dates."""

from django import forms, template
from django.utils import timezone
from django.utils.translation import get_language

from ..japanese.wareki import format_wareki
from ..views import TEXT_SIZE_COOKIE

register = template.Library()


@register.filter
def city_label(city) -> str:
    if city is None:
        return "Madoguchi"
    return city.name_en if get_language() == "en" and city.name_en else city.name


@register.simple_tag(takes_context=True)
def city_name(context) -> str:
    return city_label(context.get("city"))


@register.simple_tag(takes_context=True)
def current_text_size(context) -> str:
    request = context.get("request")
    return request.COOKIES.get(TEXT_SIZE_COOKIE, "standard") if request else "standard"


@register.simple_tag(takes_context=True)
def text_size_class(context):
    from django.utils.safestring import mark_safe

    return mark_safe(' class="text-large"') if current_text_size(context) == "large" else ""  # noqa: S308


@register.filter
def is_choice_group(field) -> bool:
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.simple_tag
def described_widget(field):
    """Render the widget with aria-describedby pointing at its hint and error."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for paging and filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def page_links(page_obj):
    """Page numbers around the current one, the first and last, and None for a gap (…): a search
    with 1,000 pages renders a dozen links, not a loop over every page."""
    return [
        None if number == page_obj.paginator.ELLIPSIS else number
        for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]


@register.filter
def wareki(value, mode: str = "day") -> str:
    """令和6(2024)年4月1日 in Japanese, '1 April 2024 (Reiwa 6)' in English."""
    if not value:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_wareki(value, day=(mode != "year"))


@register.filter
def jst(value) -> str:
    """A date and time in JST with the 和暦 date: 令和6(2024)年4月1日 09:30."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{format_wareki(local.date())} {local:%H:%M}"


@register.filter(is_safe=True)
def parens(value) -> str:
    """「（value）」 in Japanese, " (value)" in English: English text uses half-width brackets."""
    if value in (None, ""):
        return ""
    return f" ({value})" if get_language() == "en" else f"（{value}）"
