import json

import cv2
import pytest
from django.core.management import CommandError, call_command

from madoguchi.paper.fields import FieldKind
from madoguchi.paper.tests import synth


def test_ocr_field_json(tmp_path, capsys):
    path = tmp_path / "postal.png"
    cv2.imwrite(str(path), synth.field_image(FieldKind.POSTAL, "185-8501", font="sans", char_px=40))
    call_command("paper", "ocr-field", str(path), "--kind", "postal", "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"value", "confidence"}
    assert out["value"] == "185-8501"
    assert 0 <= out["confidence"] <= 1


def test_ocr_field_plain(tmp_path, capsys):
    path = tmp_path / "digits.jpg"
    cv2.imwrite(str(path), synth.field_image(FieldKind.DIGITS, "2024", char_px=32))
    call_command("paper", "ocr-field", str(path), "--kind", "digits")
    value, confidence = capsys.readouterr().out.strip().split("\t")
    assert value == "2024" and 0 <= float(confidence) <= 1


def test_missing_file_and_unknown_kind(tmp_path):
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("paper", "ocr-field", str(tmp_path / "nope.png"), "--kind", "digits")
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("paper", "ocr-field", str(tmp_path / "nope.png"), "--kind", "barcode")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"nothing")
    with pytest.raises(CommandError, match="画像"):
        call_command("paper", "ocr-field", str(bad), "--kind", "digits")


def test_a_transparent_png_reads_as_paper(tmp_path, capsys):
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (320, 70), (0, 0, 0, 0))  # transparent black: must not become a black page
    ImageDraw.Draw(image).text((10, 10), "185-8501", font=synth._font("sans", 40), fill=(0, 0, 0, 255))
    path = tmp_path / "alpha.png"
    image.save(path)
    call_command("paper", "ocr-field", str(path), "--kind", "postal", "--json")
    assert json.loads(capsys.readouterr().out)["value"] == "185-8501"
