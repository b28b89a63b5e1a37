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


@pytest.mark.parametrize(
    ("read", "fixed"),
    [
        ("泉町1ー2一3", "泉町1-2-3"),  # a mark between digits is the address hyphen
        ("本町2T目", "本町2丁目"),
        ("佐藤ー郎", "佐藤一郎"),  # the bar never follows a kanji before a kanji
        ("ー丁目", "一丁目"),
        ("センタ一", "センター"),  # nor is 一 the end of a katakana word
        ("コーヒー", "コーヒー"),
        ("第一小学校", "第一小学校"),
        ("1丁目2-3", "1丁目2-3"),
    ],
)
def test_free_text_confusions_are_put_right_only_in_their_context(read, fixed):
    from madoguchi.paper.engines.tesseract import _fix_text

    assert _fix_text(read) == fixed


def test_no_katakana_word_starts_with_a_small_kana():
    from madoguchi.paper.engines.tesseract import _fix_katakana

    assert _fix_katakana("ッカサ\u3000ャスオ") == "ツカサ\u3000ヤスオ"
    assert _fix_katakana("カッコ\u3000キョウコ") == "カッコ\u3000キョウコ"


def test_a_box_holding_only_a_speck_is_empty_but_a_dot_or_dash_stays():
    import numpy as np

    from madoguchi.paper.engines.preprocess import Cleaned, without_specks

    ink = np.zeros((60, 300), np.uint8)
    cells = [(0, 60), (60, 120), (120, 180), (180, 240), (240, 300)]
    ink[10:50, 10:50] = 255  # a character
    ink[10:50, 190:230] = 255  # another
    ink[55:57, 70:90] = 255  # what is left of the box's bottom line
    ink[28:33, 138:160] = 255  # a dash in the middle of the line (-)
    ink[27:33, 267:273] = 255  # a dot in the middle (・)
    kept = without_specks(Cleaned(ink, cells, 60)).ink
    assert [bool(kept[:, left:right].any()) for left, right in cells] == [True, False, True, True, True]


def test_boxed_kana_take_their_spaces_from_the_empty_boxes():
    from madoguchi.paper.engines.tesseract import _over_cells

    filled = object()
    cells = [filled, filled, filled, None, filled, filled, filled, None]
    assert _over_cells("タナカメグミ", cells) == "タナカ\u3000メグミ"
    assert _over_cells("タナカ メ グミ", cells) == "タナカ\u3000メグミ"  # the recogniser's own gaps go


@pytest.mark.parametrize(
    ("read", "fixed"), [("SS50.8.18", "S50.8.18"), ("S4S5.7.25", "S45.7.25"), ("R6.4.1", "R6.4.1")]
)
def test_an_era_letter_seen_twice_is_read_once(read, fixed):
    from madoguchi.paper.engines.tesseract import _fix_date
    from madoguchi.paper.fields import FieldKind, normalise

    assert _fix_date(read) == fixed
    assert normalise(FieldKind.DATE, _fix_date("SS50.8.18")) == "1975-08-18"
