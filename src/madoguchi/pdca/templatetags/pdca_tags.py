from django import template

from madoguchi.core.japanese.fiscal import format_fiscal_year
from madoguchi.pdca import services

register = template.Library()


@register.filter
def fy(value) -> str:
    """2024 → 令和6(2024)年度 (FY2024 (Reiwa 6) in English)."""
    if value in (None, ""):
        return ""
    return format_fiscal_year(int(value))


@register.filter
def get_item(mapping, key):
    """{{ counts|get_item:code }}: a dict's value by a variable key."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def unit_name(unit: str) -> str:
    """回 → "times" in English: the plan's units are Japanese."""
    return services.unit_name(unit or "")
