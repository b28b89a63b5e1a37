"""Upload attack files, for the tests of any app that accepts uploads (attachments, open data,
paper forms). Each function returns a Django `SimpleUploadedFile` ready for `client.post`:

    from tests.quality.uploads import ATTACKS, oversize

    @pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.__name__)
    def test_attachment_refuses_attacks(client, attack):
        response = client.post(url, {"file": attack()})
        assert "添付できません" in response.content.decode() and not Attachment.objects.exists()

A safe upload handler sniffs the content (python-magic), not the name or the browser's
content type; refuses archives whose uncompressed size or ratio is too large before extracting;
and enforces a size limit while reading, not after.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

# The smallest valid files of a few kinds (hand-made, no external tools).
PNG_1PX = (
    b"\x89PNG\r\n\x1a\n"
    + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    + b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"
WINDOWS_EXE = b"MZ" + b"\x90\x00" * 30 + b"This program cannot be run in DOS mode.\r\n" + b"\x00" * 200


def disguised_executable(name: str = "住民票.pdf") -> SimpleUploadedFile:
    """A Windows executable named and typed as a PDF."""
    return SimpleUploadedFile(name, WINDOWS_EXE, content_type="application/pdf")


def disguised_html(name: str = "photo.jpg") -> SimpleUploadedFile:
    """An HTML page with script, named and typed as a JPEG (stored XSS if served back inline)."""
    return SimpleUploadedFile(name, HTML_PAYLOAD, content_type="image/jpeg")


def svg_with_script(name: str = "map.svg") -> SimpleUploadedFile:
    """An SVG image carrying script: an image type that executes when opened in a browser."""
    body = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return SimpleUploadedFile(name, body, content_type="image/svg+xml")


def polyglot_png_html(name: str = "scan.png") -> SimpleUploadedFile:
    """A valid PNG whose trailing bytes are an HTML page with script (sniffs as PNG)."""
    return SimpleUploadedFile(name, PNG_1PX + HTML_PAYLOAD, content_type="image/png")


def polyglot_pdf_zip(name: str = "申請書.pdf") -> SimpleUploadedFile:
    """A file that is a PDF at the start and a ZIP (with an .exe inside) at the end."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("setup.exe", WINDOWS_EXE)
    return SimpleUploadedFile(name, MINIMAL_PDF + archive.getvalue(), content_type="application/pdf")


def pdf_with_javascript(name: str = "form.pdf") -> SimpleUploadedFile:
    """A PDF with an /OpenAction JavaScript action."""
    body = MINIMAL_PDF.replace(
        b"/Type/Catalog/Pages 2 0 R",
        b"/Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>",
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def zip_bomb(name: str = "data.zip", *, uncompressed_mib: int = 256) -> SimpleUploadedFile:
    """A small ZIP that expands to `uncompressed_mib` MiB of zeros (ratio ≈ 1000:1).

    Built with a raw deflate stream, so making it costs little memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\x00" * (1 << 20)
    deflated = b"".join(compressor.compress(chunk) for _ in range(uncompressed_mib)) + compressor.flush()
    crc = 0
    for _ in range(uncompressed_mib):
        crc = zlib.crc32(chunk, crc)
    size = uncompressed_mib << 20
    filename = b"zeros.csv"
    local = (
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(filename), 0)
        + filename
    )
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(deflated),
            size,
            len(filename),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + filename
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(deflated), 0)
    body = local + deflated + central + end
    return SimpleUploadedFile(name, body, content_type="application/zip")


def xlsx_bomb(name: str = "統計.xlsx") -> SimpleUploadedFile:
    """An "Excel file" that is a zip bomb (xlsx/docx are zip containers)."""
    bomb = zip_bomb(name)
    bomb.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return bomb


def oversize(max_bytes: int = 10 * 1024 * 1024, name: str = "large.pdf") -> SimpleUploadedFile:
    """A well-formed PDF one byte larger than `max_bytes`."""
    padding = max(0, max_bytes + 1 - len(MINIMAL_PDF))
    return SimpleUploadedFile(name, MINIMAL_PDF + b"%" + b"0" * (padding - 1), content_type="application/pdf")


def path_traversal_name() -> SimpleUploadedFile:
    """A harmless PDF whose file name tries to escape the upload folder."""
    return SimpleUploadedFile("../../../../etc/cron.d/x.pdf", MINIMAL_PDF, content_type="application/pdf")


ATTACKS = [
    disguised_executable,
    disguised_html,
    svg_with_script,
    polyglot_png_html,
    polyglot_pdf_zip,
    pdf_with_javascript,
    zip_bomb,
    xlsx_bomb,
]
