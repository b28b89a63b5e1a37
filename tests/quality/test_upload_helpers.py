"""The upload attack files are what they claim to be (so app tests that use them mean something)."""

import io
import zipfile

import magic
import pytest

from . import uploads


def sniff(upload) -> str:
    upload.seek(0)
    return magic.from_buffer(upload.read(4096), mime=True)


@pytest.mark.parametrize(
    ("attack", "claimed", "real"),
    [
        (uploads.disguised_executable, "application/pdf", "application/x-dosexec"),
        (uploads.disguised_html, "image/jpeg", "text/html"),
        (uploads.polyglot_png_html, "image/png", "image/png"),
        (uploads.polyglot_pdf_zip, "application/pdf", "application/pdf"),
    ],
)
def test_disguised_files_sniff_as_their_real_type(attack, claimed, real):
    upload = attack()
    assert upload.content_type == claimed
    assert sniff(upload) == real


def test_polyglots_carry_their_second_payload():
    assert b"<script>" in uploads.polyglot_png_html().read()
    with zipfile.ZipFile(io.BytesIO(uploads.polyglot_pdf_zip().read())) as zf:
        assert zf.namelist() == ["setup.exe"]


def test_zip_bomb_is_small_and_expands_a_thousandfold():
    bomb = uploads.zip_bomb(uncompressed_mib=64)
    data = bomb.read()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        (info,) = zf.infolist()
        assert info.file_size == 64 << 20
        assert info.file_size / len(data) > 500
        with zf.open(info) as member:  # valid stream: a naive extractor would really inflate it
            assert member.read(1024) == b"\x00" * 1024


def test_oversize_is_one_byte_over_the_limit():
    assert uploads.oversize(1000).size == 1001
    assert sniff(uploads.oversize(1000)) == "application/pdf"
