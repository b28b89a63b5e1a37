import random

import pytest

from madoguchi.paper import engines
from madoguchi.paper.engines import Reading, read_field, read_fields
from madoguchi.paper.fields import FieldKind, normalise
from madoguchi.paper.tests import synth


@pytest.mark.parametrize(
    ("kind", "value", "style"),
    [
        (FieldKind.DIGITS, "4052718", {}),
        (FieldKind.POSTAL, "185-8501", {"font": "sans"}),
        (FieldKind.PHONE, "042-325-0111", {"boxed": False}),
        (FieldKind.KATAKANA, "コクブン\u3000タロウ", {}),
        (FieldKind.DATE, "2024-04-01", {"date_style": "wareki", "boxed": False}),
        (FieldKind.DATE, "1985-04-01", {"font": "sans"}),
        (FieldKind.TEXT, "東京都国分寺市", {"boxed": False, "background": 235, "font": "sans"}),
    ],
)
def test_reads_generated_fields(kind, value, style):
    image = synth.field_image(kind, value, char_px=34, angle=1.0, **style)
    reading = read_field(image, kind)
    assert reading.value == normalise(kind, value)
    assert 0.5 <= reading.confidence <= 1


def test_batched_reading_matches_and_checkboxes():
    rng = random.Random(5)
    items = [
        (synth.field_image(FieldKind.DIGITS, v, char_px=30), FieldKind.DIGITS) for v in ("1234", "98765")
    ]
    blank = synth.field_image(FieldKind.CHECKBOX, " ", char_px=30)
    ticked = synth.field_image(FieldKind.CHECKBOX, "✓", font=rng.choice(["serif", "sans"]), char_px=30)
    items += [(blank, FieldKind.CHECKBOX), (ticked, FieldKind.CHECKBOX)]
    assert [r.value for r in read_fields(items)] == ["1234", "98765", "", "1"]


def test_an_invalid_reading_loses_confidence(monkeypatch):
    class Fixed:
        code = "fixed"

        def read(self, image, kind):
            return Reading("123456789012", 0.9)  # a My Number with a wrong check digit

    monkeypatch.setitem(engines.engines._items, "fixed", Fixed())
    monkeypatch.setattr("django.conf.settings.MADOGUCHI_OCR_ENGINE", "fixed", raising=False)
    reading = read_field(synth.field_image(FieldKind.DIGITS, "1"), FieldKind.MY_NUMBER)
    assert reading.confidence == pytest.approx(0.45)


def test_an_empty_field_reads_empty():
    image = synth.field_image(FieldKind.DIGITS, "    ", char_px=30)
    assert read_field(image, FieldKind.DIGITS).value == ""


def test_a_doubled_kana_in_boxes_is_undone_and_loses_confidence():
    from madoguchi.paper.engines.tesseract import _undouble

    fixed = _undouble(Reading("カミノ\u3000ハハナコ", 0.97), filled=6)
    assert fixed.value == "カミノ\u3000ハナコ" and fixed.confidence < 0.7
    assert _undouble(Reading("スズキ\u3000ケンタタ", 0.97), filled=6).value == "スズキ\u3000ケンタ"
    dropped = _undouble(Reading("スキ", 0.97), filled=3)  # a dropped character: only doubt
    assert dropped.value == "スキ" and dropped.confidence < 0.5
