"""HTML → PDF for official documents (A4, 明朝体 from Debian's fonts-noto-cjk), with the city
seal, the document number, the issue date in 和暦 and a QR code to the verification page."""

from __future__ import annotations

import base64
import io
import logging
import math
import threading
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per step is noise

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "delivery" / "document.css"


def verification_url(number: str) -> str:
    base = getattr(settings, "MADOGUCHI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + reverse("delivery:verify_number", args=[number])


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def qr_png_uri(text: str) -> str:
    """The QR code as a small PNG (cheaper for WeasyPrint to draw than an SVG path)."""
    image = qrcode.make(text, box_size=4, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@lru_cache(maxsize=8)
def seal_svg(city_name: str) -> str:
    """The city head's seal (角印「○○市長之印」), drawn as SVG: red square, characters in
    columns read top to bottom, right to left, as official seals are."""
    chars = list(f"{city_name}長之印")
    rows = 3
    cols = math.ceil(len(chars) / rows)
    size, margin = 120, 10
    cell_w = (size - 2 * margin) / cols
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">',
        f'<rect x="3" y="3" width="{size - 6}" height="{size - 6}" fill="none" stroke="#c8102e" stroke-width="5"/>',
    ]
    for index, char in enumerate(chars):
        col, row = divmod(index, rows)
        in_col = min(rows, len(chars) - col * rows)
        height = (size - 2 * margin) / in_col
        x = size - margin - (col + 0.5) * cell_w
        y = margin + (row + 0.5) * height
        font = min(cell_w, height) * 0.92
        scale_y = height / font * 0.92 if in_col < rows else 1
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-family="Noto Serif CJK JP" '
            f'font-size="{font:.1f}" fill="#c8102e" text-anchor="middle" dominant-baseline="central" '
            f'transform="translate(0 {y:.1f}) scale(1 {scale_y:.2f}) translate(0 {-y:.1f})">{escape(char)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_html(template: str, context: dict) -> str:
    number = context["number"]
    url = verification_url(number)
    with translation.override("ja"):  # official documents are issued in Japanese
        return render_to_string(
            template,
            {
                **context,
                "verification_url": url,
                "qr_uri": qr_png_uri(url),
                "seal_uri": _data_uri(seal_svg(context["city"].name)),
            },
        )


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_html(template, context)
    font_config, stylesheet = _fonts_and_stylesheet()
    return HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_identifier=context["number"].encode()
    )


_local = threading.local()


def _fonts_and_stylesheet():
    """One font configuration per thread: the CJK fonts are loaded once, not per document."""
    if not hasattr(_local, "fonts"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        _local.fonts = (font_config, CSS(filename=str(STYLESHEET), font_config=font_config))
    return _local.fonts
