"""The header's site menu and search on every public page (not on staff pages)."""

from django import template

from ..furigana import is_staff_path
from ..menu import site_menu

register = template.Library()


def _query(request) -> str:
    """What was searched, kept in the boxes on the results page."""
    match = getattr(request, "resolver_match", None)
    if match and match.view_name == "core:search":
        return " ".join(request.GET.get("q", "").split())[:100]
    return ""


@register.inclusion_tag("core/components/site_find.html", takes_context=True)
def site_find(context):
    request = context.get("request")
    path = request.path if request else ""
    if is_staff_path(path):
        return {"show": False}
    return {"show": True, "links": site_menu(path), "query": _query(request) if request else ""}
