"""Server-rendered SVG charts (no JavaScript): actual vs target per fiscal year.

Every chart is drawn beside a data table with the same figures (the table is the accessible
version; the SVG is `role="img"` with a text alternative that points to it)."""

from __future__ import annotations

import math

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from madoguchi.core.japanese.fiscal import format_fiscal_year

from .services import Point, format_value

WIDTH, HEIGHT = 520, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 40


def _nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above value (a readable axis top)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return float(step * magnitude)
    return float(value)


def bar_chart(points: list[Point], *, unit: str, chart_id: str, table_id: str, title: str) -> SafeString:
    """Bars for actuals, a marker line for targets; the y axis starts at 0 ("%" goes to 100)."""
    numbers = [float(v) for p in points for v in (p.actual, p.target) if v is not None]
    top = 100.0 if unit == "%" else _nice_max(max(numbers) * 1.15 if numbers else 0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    bar_w = slot * 0.5

    def y(value: float) -> float:
        return TOP + plot_h - (value / top) * plot_h if top else TOP + plot_h

    parts = [
        format_html(
            '<svg class="pdca-chart" id="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg">',
            chart_id,
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html(
            '<desc id="{}-desc">{}</desc>',
            chart_id,
            _("棒は実績値、横線は目標値です。数値は隣の表にあります。")
            + " "
            + "; ".join(
                f"{format_fiscal_year(p.fiscal_year)}: {format_value(p.actual, unit)}" for p in points
            ),
        ),
    ]
    if not numbers:
        parts.append(
            format_html(
                '<text class="pdca-chart__empty" x="{}" y="{}" text-anchor="middle">{}</text>',
                LEFT + plot_w / 2,
                TOP + plot_h / 2,
                _("まだ値がありません"),
            )
        )
    for fraction in (0, 0.5, 1) if numbers else (0,):
        value = top * fraction
        parts.append(
            format_html(
                '<line class="pdca-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="pdca-chart__axis" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y(value):.1f}",
                f"{y(value):.1f}",
                LEFT - 6,
                f"{y(value) + 4:.1f}",
                format_value(value, unit),
            )
        )
    for index, point in enumerate(points):
        x = LEFT + slot * index + (slot - bar_w) / 2
        if point.actual is not None:
            height = max(TOP + plot_h - y(float(point.actual)), 0)
            parts.append(
                format_html(
                    '<rect class="pdca-chart__bar" x="{}" y="{}" width="{}" height="{}"/>'
                    '<text class="pdca-chart__value" x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{x:.1f}",
                    f"{TOP + plot_h - height:.1f}",
                    f"{bar_w:.1f}",
                    f"{height:.1f}",
                    f"{x + bar_w / 2:.1f}",
                    f"{max(TOP + plot_h - height - 4, TOP + 10):.1f}",
                    format_value(point.actual, unit),
                )
            )
        if point.target is not None:
            ty = y(float(point.target))
            parts.append(
                format_html(
                    '<line class="pdca-chart__target" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                    f"{x - 4:.1f}",
                    f"{x + bar_w + 4:.1f}",
                    f"{ty:.1f}",
                    f"{ty:.1f}",
                )
            )
        parts.append(
            format_html(
                '<text class="pdca-chart__axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{x + bar_w / 2:.1f}",
                HEIGHT - BOTTOM + 18,
                str(point.fiscal_year),
            )
        )
    parts.append(
        format_html(
            '<line class="pdca-chart__baseline" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            LEFT,
            WIDTH - RIGHT,
            TOP + plot_h,
            TOP + plot_h,
        )
    )
    parts.append(mark_safe("</svg>"))  # noqa: S308
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308  (every piece escaped above)
