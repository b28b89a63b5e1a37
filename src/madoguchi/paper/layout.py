"""Printable A4 forms made from a procedure version's JSON Schema, whose field zones are known from
the layout itself (not drawn by hand): boxed fields, registration marks at the four corners and a
QR code per page carrying the form code, so a scan finds its template and its fields.

Coordinates are millimetres from the page's top-left corner. The same arithmetic places the boxes
on paper (``render_form``) and finds them again on a scan (``cells``), so the two cannot drift.
"""

from __future__ import annotations

import base64
import html
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from .fields import BOXED_KINDS, FieldKind, kind_for

PAGE_W, PAGE_H = 210.0, 297.0
MARK = 6.0  # side of the solid corner squares
MARK_INSET = 7.0  # from the page edges to the mark's outer side
QR_SIZE, QR_X, QR_Y = 20.0, 172.0, 8.0
LABEL_X, LABEL_W = 14.0, 52.0
FIELD_X, FIELD_MAX_X = 68.0, 194.0
TOP, BOTTOM = 36.0, 276.0
BOX_W, BOX_H = 7.0, 9.0
KANA_BOX_W = 6.0
KANA_BOXES = 20
ERA_W = 13.0  # the era box of a date holds two kanji (令和)
UNIT_W = 5.0  # 年 月 日 printed between the date's boxes
POSTAL_GAP = 4.0  # the printed hyphen of 〒123-4567
TICK = 5.0  # a checkbox
ROW_GAP = 3.5
SECTION_H = 9.0
TEXT_H = 10.0
FORM_CODE_PREFIX = "MDGF"

_BOX_COUNTS = {FieldKind.POSTAL: 7, FieldKind.PHONE: 11, FieldKind.MY_NUMBER: 12, FieldKind.DATE: 6}


@dataclass(frozen=True)
class Zone:
    key: str  # the Application data path: "applicant.birth_date"; "applicant.role=世帯主" for a ticked option
    label: str
    kind: FieldKind
    page: int  # 1-based
    x: float
    y: float
    w: float
    h: float
    boxes: int  # characters boxes; 0 for free text and checkboxes


@dataclass(frozen=True)
class Layout:
    form_code: str  # "tenshutsu:3"
    pages: int
    zones: tuple[Zone, ...]
    title: str = ""
    # A city's own form with staff-drawn zones: its page images (storage names or data URIs) and no
    # printed marks, so registration aligns the scan to those images instead.
    page_images: tuple[str, ...] = ()
    marks: bool = True
    page_size: tuple[float, float] = (PAGE_W, PAGE_H)

    def to_json(self) -> dict:
        data = asdict(self)
        data["zones"] = [{**asdict(z), "kind": str(z.kind)} for z in self.zones]
        data["page_images"] = list(self.page_images)
        data["page_size"] = list(self.page_size)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Layout:
        zones = tuple(
            Zone(
                key=str(z["key"]),
                label=str(z.get("label", z["key"])),
                kind=FieldKind(z["kind"]),
                page=int(z.get("page", 1)),
                x=float(z["x"]),
                y=float(z["y"]),
                w=float(z["w"]),
                h=float(z["h"]),
                boxes=int(z.get("boxes", 0)),
            )
            for z in data.get("zones", ())
        )
        pages = int(data.get("pages") or max((z.page for z in zones), default=1))
        images = tuple(data.get("page_images") or ())
        return cls(
            form_code=str(data.get("form_code", "")),
            pages=pages,
            zones=zones,
            title=str(data.get("title", "")),
            page_images=images,
            marks=bool(data.get("marks", not images)),
            page_size=tuple(data.get("page_size") or (PAGE_W, PAGE_H)),  # type: ignore[arg-type]
        )

    def zones_on(self, page: int) -> tuple[Zone, ...]:
        return tuple(z for z in self.zones if z.page == page)

    def zone(self, key: str) -> Zone:
        return next(z for z in self.zones if z.key == key)


# --- form codes ------------------------------------------------------------------------------


def form_code_for(slug: str, number: int) -> str:
    return f"{slug}:{number}"


def page_code(form_code: str, page: int) -> str:
    """The QR payload of one page: MDGF:tenshutsu:3:1."""
    return f"{FORM_CODE_PREFIX}:{form_code}:{page}"


_PAGE_CODE_RE = re.compile(
    rf"{FORM_CODE_PREFIX}:(?P<slug>[a-z0-9][a-z0-9_\-]*):(?P<number>\d+):(?P<page>\d+)"
)


def parse_form_code(text: str) -> tuple[str, int, int] | None:
    """QR payload → (procedure slug, version number, page), or None for anything else."""
    match = _PAGE_CODE_RE.fullmatch((text or "").strip())
    if not match:
        return None
    return match["slug"], int(match["number"]), int(match["page"])


# --- geometry --------------------------------------------------------------------------------


def cells(zone: Zone) -> list[tuple[float, float, float, float]]:
    """The character boxes of a zone (mm), in reading order. A date's first cell is its era box."""
    if zone.boxes <= 0:
        return [(zone.x, zone.y, zone.w, zone.h)]
    if zone.kind == FieldKind.DATE and zone.boxes == 6 and abs(zone.w - _date_width()) < 0.5:
        out = [(zone.x, zone.y, ERA_W, zone.h)]
        x = zone.x + ERA_W
        for _pair in range(3):
            for _digit in range(2):
                out.append((x, zone.y, BOX_W, zone.h))
                x += BOX_W
            x += UNIT_W
        return out
    if zone.kind == FieldKind.POSTAL and zone.boxes == 7 and abs(zone.w - (7 * BOX_W + POSTAL_GAP)) < 0.5:
        xs = [zone.x + i * BOX_W + (POSTAL_GAP if i >= 3 else 0) for i in range(7)]
        return [(x, zone.y, BOX_W, zone.h) for x in xs]
    width = zone.w / zone.boxes
    return [(zone.x + i * width, zone.y, width, zone.h) for i in range(zone.boxes)]


def _date_width() -> float:
    return ERA_W + 3 * (2 * BOX_W + UNIT_W)


def _box_count(kind: FieldKind, prop: dict) -> int:
    if kind in _BOX_COUNTS:
        return _BOX_COUNTS[kind]
    if kind == FieldKind.KATAKANA:
        return KANA_BOXES
    pattern = prop.get("pattern") or ""
    match = re.search(r"\{(\d+)(?:,(\d*))?\}", pattern)
    if match:
        return int(match[2] or match[1])
    if "maximum" in prop:
        return len(str(int(prop["maximum"])))
    return min(int(prop.get("maxLength") or 10), 16)


def _zone_width(kind: FieldKind, boxes: int) -> float:
    if kind == FieldKind.DATE:
        return _date_width()
    if kind == FieldKind.POSTAL:
        return boxes * BOX_W + POSTAL_GAP
    if kind == FieldKind.KATAKANA:
        return boxes * KANA_BOX_W
    return boxes * BOX_W


@dataclass
class _Item:
    """One printed thing before pagination: a section title or a field (one or more zones)."""

    height: float
    title: str = ""
    zones: list[Zone] = field(default_factory=list)  # page/y filled in by _paginate
    option_labels: dict[str, str] = field(default_factory=dict)


def _fields(schema: dict, prefix: str = "") -> Iterator[tuple[str, dict] | str]:
    """Leaf properties in schema order as (path, property); section titles as plain strings."""
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        kind = prop.get("type")
        if kind == "object":
            yield str(prop.get("title") or name)
            yield from _fields(prop, f"{path}.")
        elif kind == "array":
            items = prop.get("items") or {}
            if items.get("type") == "object":
                count = min(max(int(prop.get("minItems") or 1), 1), 2)
                for index in range(count):
                    yield f"{prop.get('title') or name}（{index + 1}）"
                    yield from _fields(items, f"{path}.{index}.")
            elif items.get("enum"):
                yield path, {**items, "title": prop.get("title") or name}
        else:
            yield path, prop


def _items(schema: dict) -> list[_Item]:
    items: list[_Item] = []
    for entry in _fields(schema):
        if isinstance(entry, str):
            items.append(_Item(height=SECTION_H, title=entry))
            continue
        path, prop = entry
        label = str(prop.get("title") or path.rsplit(".", 1)[-1])
        kind = kind_for(prop, path)
        if kind == FieldKind.CHECKBOX:
            options = [str(o) for o in prop.get("enum") or ()] or [""]
            zones, labels = [], {}
            x, row = FIELD_X, 0
            for option in options:
                text_w = max(len(option), 1) * 3.6 + 4 if option else 0
                if x + TICK + text_w > FIELD_MAX_X and x > FIELD_X:
                    x, row = FIELD_X, row + 1
                key = f"{path}={option}" if option else path
                zones.append(
                    Zone(key, f"{label}：{option}" if option else label, kind, 0, x, row * 8.0, TICK, TICK, 0)
                )
                labels[key] = option
                x += TICK + text_w + 3
            items.append(_Item(height=(row + 1) * 8.0, zones=zones, option_labels=labels))
        elif kind in BOXED_KINDS or kind == FieldKind.DATE:
            boxes = _box_count(kind, prop)
            zones = [Zone(path, label, kind, 0, FIELD_X, 0, _zone_width(kind, boxes), BOX_H, boxes)]
            items.append(_Item(height=BOX_H + ROW_GAP, zones=zones))
        else:
            zones = [Zone(path, label, kind, 0, FIELD_X, 0, FIELD_MAX_X - FIELD_X, TEXT_H, 0)]
            items.append(_Item(height=TEXT_H + ROW_GAP, zones=zones))
    return items


def _paginate(items: list[_Item]) -> tuple[list[tuple[int, float, _Item]], int]:
    placed, page, y = [], 1, TOP
    for item in items:
        if y + item.height > BOTTOM:
            page, y = page + 1, TOP
        placed.append((page, y, item))
        y += item.height
    return placed, page


def _place(zone: Zone, page: int, y: float) -> Zone:
    return Zone(
        zone.key, zone.label, zone.kind, page, zone.x, round(y + zone.y, 2), zone.w, zone.h, zone.boxes
    )


def _layout_from(slug: str, number: int, schema: dict, title: str) -> tuple[Layout, list]:
    placed, pages = _paginate(_items(schema))
    zones = tuple(_place(z, page, y) for page, y, item in placed for z in item.zones)
    return Layout(form_code=form_code_for(slug, number), pages=pages, zones=zones, title=title), placed


def layout_for(version) -> Layout:
    """The printed form of a procedure version (deterministic: same schema, same zones)."""
    schema = version.schema or {}
    title = str(schema.get("title") or version.procedure.name)
    return _layout_from(version.procedure.code, version.number, schema, title)[0]


# --- rendering -------------------------------------------------------------------------------

_local = threading.local()

FONTS = {"sans": "Noto Sans CJK JP", "serif": "Noto Serif CJK JP"}


def _qr_uri(payload: str) -> str:
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=10)
    qr.add_data(payload)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _div(x: float, y: float, w: float, h: float, style: str = "", text: str = "", cls: str = "") -> str:
    return (
        f'<div class="{cls}" style="left:{x:.2f}mm;top:{y:.2f}mm;width:{w:.2f}mm;height:{h:.2f}mm;{style}">'
        f"{html.escape(text)}</div>"
    )


_CSS = """
@page { size: 210mm 297mm; margin: 0 }
body { margin: 0; font-family: 'Noto Sans CJK JP', sans-serif; }
.page { position: relative; width: 210mm; height: 297mm; page-break-after: always; overflow: hidden }
.page > div, .page > img { position: absolute; box-sizing: border-box }
.mark { background: #000 }
.box { border: 0.35mm solid #000 }
.label { font-size: 8.5pt; line-height: 1.25; color: #000 }
.section { font-size: 10pt; font-weight: bold; border-bottom: 0.2mm solid #000 }
.unit { font-size: 10pt; text-align: center; line-height: 9mm }
.opt { font-size: 9pt; line-height: 5mm; white-space: nowrap }
.title { font-size: 15pt; font-weight: bold }
.code { font-size: 7pt; text-align: center }
.v { text-align: center; color: #000 }
.vt { color: #000; white-space: nowrap; padding-left: 1.5mm; overflow: hidden }
"""


def _value_of(values: dict, key: str):
    if key in values:
        return values[key]
    node = values
    for part in key.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _ticked(values: dict, zone: Zone) -> bool:
    path, _sep, option = zone.key.partition("=")
    value = _value_of(values, path)
    if not option:
        return value is True or value in ("1", "true", 1)
    return value == option or (isinstance(value, list) and option in value)


def _value_cells(zone: Zone, value: str) -> list[str]:
    """What goes in each box: a date as era + YY MM DD, others one character per box."""
    if zone.kind == FieldKind.DATE:
        from datetime import date as _date

        from madoguchi.core.japanese import to_wareki

        d = _date.fromisoformat(value)
        w = to_wareki(d)
        return [w.era.name, *f"{w.year:02d}{d.month:02d}{d.day:02d}"]
    if zone.kind == FieldKind.POSTAL or zone.kind == FieldKind.PHONE:
        value = value.replace("-", "")
    if zone.kind == FieldKind.KATAKANA:
        value = value.replace("\u3000", " ")
    return list(value)


def _page_html(layout: Layout, page: int, placed: list, values: dict | None, font: str) -> str:
    parts = []
    inset, far_x, far_y = MARK_INSET, PAGE_W - MARK_INSET - MARK, PAGE_H - MARK_INSET - MARK
    for x, y in ((inset, inset), (far_x, inset), (inset, far_y), (far_x, far_y)):
        parts.append(_div(x, y, MARK, MARK, cls="mark"))
    parts.append(
        f'<img src="{_qr_uri(page_code(layout.form_code, page))}" style="left:{QR_X}mm;top:{QR_Y}mm;'
        f'width:{QR_SIZE}mm;height:{QR_SIZE}mm">'
    )
    parts.append(
        _div(QR_X - 6, QR_Y + QR_SIZE, QR_SIZE + 12, 4, text=page_code(layout.form_code, page), cls="code")
    )
    parts.append(_div(LABEL_X + 2, 15, 150, 10, text=layout.title, cls="title"))
    parts.append(_div(LABEL_X + 2, 25, 150, 5, text=f"{page} / {layout.pages}", cls="label"))
    typed = f"font-family:'{FONTS.get(font, font)}';"
    for item_page, y, item in placed:
        if item_page != page:
            continue
        if item.title:
            parts.append(_div(LABEL_X, y + 1, FIELD_MAX_X - LABEL_X, 5.5, text=item.title, cls="section"))
            continue
        first = item.zones[0]
        label = first.label.split("：")[0]
        parts.append(_div(LABEL_X, y + first.y + 0.5, LABEL_W, 9, text=label, cls="label"))
        for zone in layout.zones:
            if zone.page != page or zone.key not in {z.key for z in item.zones}:
                continue
            parts.extend(_zone_html(zone, item, values, typed))
    return '<section class="page">' + "".join(parts) + "</section>"


def _zone_html(zone: Zone, item: _Item, values: dict | None, typed: str) -> list[str]:
    parts = []
    if zone.kind == FieldKind.CHECKBOX:
        parts.append(_div(zone.x, zone.y, zone.w, zone.h, cls="box"))
        option = item.option_labels.get(zone.key, "")
        if option:
            parts.append(_div(zone.x + zone.w + 1.2, zone.y, 60, zone.h, text=option, cls="opt"))
        if values is not None and _ticked(values, zone):
            parts.append(
                _div(zone.x, zone.y - 0.6, zone.w, zone.h, f"{typed}font-size:12pt;line-height:5mm", "✓", "v")
            )
        return parts
    boxes = cells(zone)
    for x, y, w, h in boxes:
        parts.append(_div(x, y, w, h, cls="box"))
    if zone.kind == FieldKind.DATE:
        for index, unit in enumerate("年月日"):
            x = boxes[2 + 2 * index][0] + BOX_W
            parts.append(_div(x, zone.y, UNIT_W, zone.h, text=unit, cls="unit"))
    if zone.kind == FieldKind.POSTAL and len(boxes) == 7:
        parts.append(_div(boxes[2][0] + BOX_W, zone.y, POSTAL_GAP, zone.h, text="-", cls="unit"))
    value = _value_of(values, zone.key) if values is not None else None
    if value in (None, ""):
        return parts
    if zone.boxes == 0:
        size = min(zone.h * 0.62, 5.0)
        style = f"{typed}font-size:{size:.2f}mm;line-height:{zone.h:.2f}mm"
        parts.append(_div(zone.x, zone.y, zone.w, zone.h, style, str(value), "vt"))
        return parts
    for (x, y, w, h), char in zip(boxes, _value_cells(zone, str(value)), strict=False):
        size = min(h * 0.62, w * 0.8) if len(char) == 1 else min(h * 0.5, w * 0.8 / max(len(char), 1))
        style = f"{typed}font-size:{size:.2f}mm;line-height:{h:.2f}mm"
        parts.append(_div(x, y, w, h, style, char, "v"))
    return parts


def _fonts():
    if not hasattr(_local, "fonts"):
        from weasyprint.text.fonts import FontConfiguration

        _local.fonts = FontConfiguration()
    return _local.fonts


def render_layout(layout: Layout, placed: list, *, values: dict | None = None, font: str = "serif") -> bytes:
    from weasyprint import CSS, HTML

    body = "".join(_page_html(layout, page, placed, values, font) for page in range(1, layout.pages + 1))
    document = f"<!doctype html><html lang=ja><head><meta charset=utf-8></head><body>{body}</body></html>"
    fonts = _fonts()
    return HTML(string=document).write_pdf(
        stylesheets=[CSS(string=_CSS, font_config=fonts)], font_config=fonts
    )


def render_form(version, *, values: dict | None = None, font: str = "serif") -> bytes:
    """The A4 PDF of a version's form; with ``values`` (Application data, nested or by zone key)
    the boxes are filled in a typed font ("serif" 明朝, "sans" ゴシック) — for test sets and samples."""
    schema = version.schema or {}
    title = str(schema.get("title") or version.procedure.name)
    layout, placed = _layout_from(version.procedure.code, version.number, schema, title)
    return render_layout(layout, placed, values=values, font=font)
