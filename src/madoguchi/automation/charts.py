"""Server-rendered SVG for the mining page (no JavaScript), drawn beside data tables with the same
figures (the table is the accessible version; each SVG is `role="img"` with a text alternative).

The process map is an arc diagram: the steps in a column in the order a case meets them, each
directly-follows edge an arc (forward on the right, back to an earlier step on the left), its
width by the number of cases and its label "count · median days"; the bottleneck is marked.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .services.mining import STEPS, Analysis, step_label

NODE_W, NODE_H, ROW = 190, 30, 64
MAP_W = 680
CENTER = MAP_W / 2


def _join(parts) -> SafeString:
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308  (every piece escaped by format_html)


def _order(activity: str) -> tuple[int, str]:
    return (STEPS.index(activity) if activity in STEPS else len(STEPS), activity)


def process_map(analysis: Analysis, *, chart_id: str, table_id: str) -> SafeString:
    nodes = sorted({a.activity for a in analysis.activities}, key=_order)
    height = max(len(nodes), 1) * ROW + 20
    y_of = {node: 20 + i * ROW + NODE_H / 2 for i, node in enumerate(nodes)}
    most = max((e.count for e in analysis.edges), default=1)
    bottleneck = (analysis.bottleneck.source, analysis.bottleneck.target) if analysis.bottleneck else None
    described = "; ".join(f"{e.label}: {e.count} ({e.durations.days()} {_('日')})" for e in analysis.edges)
    parts: list = [
        format_html(
            '<svg class="mining-map" id="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg">',
            chart_id,
            MAP_W,
            height,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, _("プロセスマップ（直接後続グラフ）")),
        format_html(
            '<desc id="{}-desc">{} {}</desc>',
            chart_id,
            _("工程の間の矢印は件数と所要日数の中央値です。数値は表「%(table)s」にあります。")
            % {"table": table_id},
            described,
        ),
    ]
    for edge in analysis.edges:
        if edge.source not in y_of or edge.target not in y_of:
            continue
        y1, y2 = y_of[edge.source], y_of[edge.target]
        back = edge.is_backward
        side = -1 if back else 1
        x = CENTER + side * NODE_W / 2
        reach = 40 + abs(y2 - y1) * 0.45
        if edge.source == edge.target:
            reach, y2 = 40, y1 + 12
        width = 1.5 + 6 * edge.count / most
        classes = "mining-map__edge" + (" mining-map__edge--back" if back else "")
        if (edge.source, edge.target) == bottleneck:
            classes += " mining-map__edge--bottleneck"
        parts.append(
            format_html(
                '<path class="{}" d="M {} {} C {} {}, {} {}, {} {}" stroke-width="{}" marker-end="url(#{}-arrow)"/>',
                classes,
                f"{x:.1f}",
                f"{y1:.1f}",
                f"{x + side * reach:.1f}",
                f"{y1:.1f}",
                f"{x + side * reach:.1f}",
                f"{y2:.1f}",
                f"{x:.1f}",
                f"{y2:.1f}",
                f"{width:.1f}",
                chart_id,
            )
        )
        # the label sits just above the arrowhead, by the step it leads to (arcs to one step are few)
        parts.append(
            format_html(
                '<text class="mining-map__label" x="{}" y="{}" text-anchor="{}">{} · {} {}</text>',
                f"{x + side * 12:.1f}",
                f"{y2 - 8:.1f}",
                "end" if back else "start",
                edge.count,
                edge.durations.days(),
                _("日"),
            )
        )
    for node in nodes:
        y = y_of[node]
        activity = next(a for a in analysis.activities if a.activity == node)
        parts.append(
            format_html(
                '<rect class="mining-map__node" x="{}" y="{}" width="{}" height="{}" rx="6"/>'
                '<text class="mining-map__name" x="{}" y="{}" text-anchor="middle">{}（{}）</text>',
                f"{CENTER - NODE_W / 2:.1f}",
                f"{y - NODE_H / 2:.1f}",
                NODE_W,
                NODE_H,
                f"{CENTER:.1f}",
                f"{y + 5:.1f}",
                step_label(node),
                activity.count,
            )
        )
    parts.append(
        format_html(
            '<defs><marker id="{}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
            'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="mining-map__arrow" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
            chart_id,
        )
    )
    parts.append(mark_safe("</svg>"))  # noqa: S308
    return _join(parts)


BAR_W, BAR_LEFT, BAR_ROW = 620, 210, 26


def bar_chart(
    rows: list[tuple[str, float | None]], *, unit: str, chart_id: str, title: str, highlight: str = ""
) -> SafeString:
    """Horizontal bars, one per row (label, value); the row labelled `highlight` is marked."""
    numbers = [v for _label, v in rows if v is not None]
    top = max(numbers, default=0) or 1
    height = max(len(rows), 1) * BAR_ROW + 16
    plot = BAR_W - BAR_LEFT - 70
    parts: list = [
        format_html(
            '<svg class="mining-bars" id="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg">',
            chart_id,
            BAR_W,
            height,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html(
            '<desc id="{}-desc">{}</desc>',
            chart_id,
            "; ".join(f"{label}: {'—' if v is None else v}{unit}" for label, v in rows),
        ),
    ]
    for index, (label, value) in enumerate(rows):
        y = 8 + index * BAR_ROW
        width = 0 if value is None else plot * value / top
        classes = "mining-bars__bar" + (" mining-bars__bar--highlight" if label == highlight else "")
        parts.append(
            format_html(
                '<text class="mining-bars__label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="mining-bars__value" x="{}" y="{}">{} {}</text>',
                BAR_LEFT - 8,
                y + 15,
                label if len(label) <= 18 else label[:17] + "…",
                classes,
                BAR_LEFT,
                y + 3,
                f"{width:.1f}",
                BAR_ROW - 8,
                f"{BAR_LEFT + width + 6:.1f}",
                y + 15,
                "—" if value is None else value,
                unit,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308
    return _join(parts)
