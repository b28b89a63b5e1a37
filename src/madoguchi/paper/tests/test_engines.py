import random

import numpy as np
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


@pytest.mark.parametrize(
    ("read", "fixed"),
    [
        ("国分寺市戸倉1.2-3", "国分寺市戸倉1-2-3"),  # one separator in an address's numbers
        ("本町6 6-3", "本町6-6-3"),  # a boxed hyphen lost to a gap
        ("6-6.3", "6-6-3"),
        ("体重3.5kg", "体重3.5kg"),  # no hyphen between digits: a dot stays a dot
        ("2丁目 3番", "2丁目 3番"),
    ],
)
def test_a_dot_between_digits_beside_an_address_hyphen_is_a_hyphen(read, fixed):
    from madoguchi.paper.engines.tesseract import _fix_text

    assert _fix_text(read) == fixed


def _line(*spans: tuple[int, int], height: int = 40) -> np.ndarray:
    """A prepared line (black on white) with ink in the given column spans."""
    image = np.full((height + 24, 400), 255, np.uint8)
    for left, right in spans:
        image[12 : 12 + height, left:right] = 0
    return image


def test_spaces_come_from_the_line_s_wide_blanks_not_the_character_boxes():
    from madoguchi.paper.engines.tesseract import _join

    # カトウ□ショウタ: the recogniser stretched ウ's box over the blank, so its boxes show no gap.
    image = _line((12, 44), (55, 80), (90, 120), (170, 200), (210, 240))
    words = [("カ", 99.0, 12, 44, 0, 0), ("ト", 99.0, 50, 88, 0, 0), ("ウ", 99.0, 90, 165, 0, 0)]
    words += [("シ", 99.0, 166, 200, 0, 0), ("ョ", 99.0, 205, 240, 0, 0)]
    assert _join(words, FieldKind.KATAKANA, image=image) == "カトウ\u3000ショ"
    # Gaps inside a word (イト, ハ) are narrower than a character: no space.
    narrow = _line((12, 40), (66, 90), (100, 130))
    words = [("イ", 99.0, 12, 40, 0, 0), ("ト", 99.0, 66, 90, 0, 0), ("ウ", 99.0, 100, 130, 0, 0)]
    assert _join(words, FieldKind.KATAKANA, image=narrow) == "イトウ"


def test_an_unsure_character_read_over_a_blank_is_the_space():
    from madoguchi.paper.engines.tesseract import _join

    image = _line((12, 44), (52, 84), (150, 180))
    words = [("ス", 99.0, 12, 44, 0, 0), ("キ", 99.0, 52, 86, 0, 0), ("ソ", 27.0, 86, 140, 0, 0)]
    words.append(("ジ", 95.0, 150, 180, 0, 0))
    assert _join(words, FieldKind.KATAKANA, image=image) == "スキ\u3000ジ"
    sure = [*words[:2], ("ソ", 95.0, 86, 140, 0, 0), words[3]]  # a sure one is kept (boxes drift)
    assert _join(sure, FieldKind.KATAKANA, image=image) == "スキソ\u3000ジ"


@pytest.mark.parametrize(
    ("kind", "value", "style"),
    [
        # read as スズキソジュン (a space as ソ) and タナカハナコ (no space) before spaces came from blanks
        (FieldKind.KATAKANA, "スズキ\u3000ジュン", {"angle": 1.1, "noise": 2.6, "seed": 372}),
        (FieldKind.KATAKANA, "タナカ\u3000ハナコ", {"angle": -1.4, "noise": 9.3, "seed": 132}),
    ],
)
def test_unboxed_names_keep_their_space(kind, value, style):
    image = synth.field_image(
        kind, value, font="serif", char_px=34, boxed=False, margin=10, background=225, **style
    )
    assert read_field(image, kind).value == normalise(kind, value)


def test_kana_read_at_two_scales_that_disagree_are_decided_by_a_third(monkeypatch):
    from madoguchi.paper.engines import tesseract

    calls = []

    def fake(self, prepared, kind):
        calls.append(prepared.image.shape[0])
        return Reading({0: "コバヤンシ", 1: "コバヤシ", 2: "コバヤシ"}[len(calls) - 1], 0.9)

    monkeypatch.setattr(tesseract.TesseractEngine, "_read_prepared", fake)
    image = synth.field_image(FieldKind.KATAKANA, "コバヤシ", char_px=30, boxed=False)
    reading = tesseract.TesseractEngine().read(image, FieldKind.KATAKANA)
    assert reading.value == "コバヤシ" and reading.confidence < 0.9  # two of three, doubtful
    assert len(calls) == 3 and len(set(calls)) == 3  # three different scales

    def agreeing(self, prepared, kind):
        calls.append(prepared.image.shape[0])
        return Reading("コバヤシ", 0.9)

    calls.clear()
    monkeypatch.setattr(tesseract.TesseractEngine, "_read_prepared", agreeing)
    assert tesseract.TesseractEngine().read(image, FieldKind.KATAKANA).confidence == 0.9
    assert len(calls) == 2  # the first two agree: no third reading


def test_boxed_kana_that_gained_a_kana_at_one_scale_read_right():
    # コバヤンシ at the usual scale (シ's dots read as ン too); the other scales agree on コバヤシ.
    value = "コバヤシ\u3000メグミ"
    image = synth.field_image(
        FieldKind.KATAKANA,
        value,
        font="serif",
        char_px=28,
        margin=20,
        angle=-0.5,
        noise=6.3,
        background=225,
        seed=366,
    )
    assert read_field(image, FieldKind.KATAKANA).value == value
