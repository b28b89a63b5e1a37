"""Scans for the workflow tests: printed forms rasterised as a scanner would (no text layer)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def rasterise(pdf: bytes, *, dpi: int = 200, turn: int = 0) -> list:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()
    return [image.rotate(turn, expand=True, fillcolor=255) if turn else image for image in images]


def tiff(images, name: str = "scan.tif") -> SimpleUploadedFile:
    out = io.BytesIO()
    images[0].save(
        out, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate", dpi=(200, 200)
    )
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/tiff")


def blank_page(dpi: int = 200):
    from PIL import Image

    return Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)


def printed(version, values: dict | None = None, **kwargs) -> list:
    """The form of `version`, filled in with `values` ({"applicant.full_name": …}), scanned."""
    from madoguchi.paper import layout

    nested: dict = {}
    for key, value in (values or {}).items():
        target = nested
        parts = key.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return rasterise(layout.render_form(version, values=nested), **kwargs)


def text_only_pdf() -> SimpleUploadedFile:
    """A PDF made on a computer: a text layer, no scanned image."""
    from weasyprint import HTML

    from madoguchi.paper import layout  # noqa: F401  (WeasyPrint is there: make one)

    return SimpleUploadedFile(
        "typed.pdf", HTML(string="<p>申請書</p>").write_pdf(), content_type="application/pdf"
    )
