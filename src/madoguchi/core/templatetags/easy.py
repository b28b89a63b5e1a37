"""やさしい日本語 in templates.

    {% load easy %}
    {% block easy_notice %}{% endblock %}                 a key page: no page-wide notice, instead
    {% easy_section "procedure" procedure.code %}         its easy text here (or the notice)
    {% easy_text "faq" key as easy %}                     the text itself, None outside easy mode

base.html shows `{% easy_notice %}` on every other page in easy mode.
"""

from django import template

from .. import easy as easy_japanese

register = template.Library()


def _on(context) -> bool:
    return easy_japanese.is_on(context.get("request"))


@register.simple_tag(takes_context=True)
def easy_text(context, kind, key):
    """The easy version of one page or item when the resident chose やさしい日本語, else None."""
    return easy_japanese.easy_text(kind, key) if _on(context) else None


@register.inclusion_tag("core/easy/section.html", takes_context=True)
def easy_section(context, kind, key, heading=True):
    on = _on(context)
    return {
        "on": on,
        "easy": easy_japanese.easy_text(kind, key) if on else None,
        "heading": heading,
        "request": context.get("request"),
    }


@register.inclusion_tag("core/easy/notice.html", takes_context=True)
def easy_notice(context):
    return {"on": _on(context), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def easy_mode(context) -> bool:
    return _on(context)


@register.simple_tag
def easy_language_value() -> str:
    return easy_japanese.LANGUAGE_VALUE
