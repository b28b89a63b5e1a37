"""Kana and width: what a resident types becomes what the record keeps."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.core.japanese import (
    JapaneseInputError,
    is_katakana,
    normalize,
    to_fullwidth_katakana,
    to_hiragana,
    validate_katakana,
    validate_no_halfwidth_kana,
)

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def assert_japanese_error(excinfo, code):
    assert excinfo.value.code == code
    assert str(excinfo.value) and JAPANESE.search(str(excinfo.value))


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("ｺｸﾌﾞﾝｼﾞ", "コクブンジ"),
        ("ＡＢＣ　１２３", "ABC 123"),
        ("  国分寺市 \t 泉町  ", "国分寺市 泉町"),
        ("ﾊﾟﾝ", "パン"),
        ("", ""),
    ],
)
def test_normalize_folds_width_and_spaces(typed, kept):
    assert normalize(typed) == kept


def test_to_fullwidth_katakana_handles_halfwidth_and_hiragana():
    assert to_fullwidth_katakana("ｺｸﾌﾞﾝｼﾞ") == "コクブンジ"
    assert to_fullwidth_katakana("こくぶんじ たろう") == "コクブンジ タロウ"
    assert to_fullwidth_katakana("ゔぁいおりん") == "ヴァイオリン"
    assert to_fullwidth_katakana("国分寺１") == "国分寺１"  # only kana is touched


def test_to_hiragana():
    assert to_hiragana("コクブンジ タロウ") == "こくぶんじ たろう"
    assert to_hiragana("ｺｸﾌﾞﾝｼﾞ") == "こくぶんじ"
    assert to_hiragana("ヴァイオリン") == "ゔぁいおりん"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("コクブンジ", True),
        ("コクブンジ　タロウ", True),
        ("ジョン・スミス", True),
        ("ラーメン", True),
        ("", False),
        ("ｺｸﾌﾞﾝｼﾞ", False),
        ("こくぶんじ", False),
        ("コクブンジ1", False),
        ("国分寺", False),
    ],
)
def test_is_katakana(text, expected):
    assert is_katakana(text) is expected


def test_validate_katakana_widens_halfwidth_and_collapses_spaces():
    assert validate_katakana("ｺｸﾌﾞﾝｼﾞ  ﾀﾛｳ") == "コクブンジ\u3000タロウ"
    assert validate_katakana("こくぶんじ", accept_hiragana=True) == "コクブンジ"


@pytest.mark.parametrize(
    ("text", "code", "mentions"),
    [
        ("", "katakana_required", "カタカナ"),
        ("   ", "katakana_required", "カタカナ"),
        ("国分寺 タロウ", "katakana_invalid", "国分寺"),
        ("こくぶんじ", "katakana_invalid", "こくぶんじ"),
        ("コクブンジ1", "katakana_invalid", "1"),
    ],
)
def test_validate_katakana_names_the_wrong_characters(text, code, mentions):
    with pytest.raises(JapaneseInputError) as excinfo:
        validate_katakana(text)
    assert_japanese_error(excinfo, code)
    assert mentions in str(excinfo.value)
    assert "フリガナ" in str(excinfo.value)


def test_validate_katakana_uses_the_field_label():
    with pytest.raises(JapaneseInputError) as excinfo:
        validate_katakana("山田", label="氏名（カナ）")
    assert str(excinfo.value).startswith("氏名（カナ）")


def test_halfwidth_kana_is_refused_where_text_is_kept_as_typed():
    assert validate_no_halfwidth_kana("国分寺市泉町2-2-18") == "国分寺市泉町2-2-18"
    with pytest.raises(JapaneseInputError) as excinfo:
        validate_no_halfwidth_kana("ｺｸﾌﾞﾝｼﾞ", label="住所")
    assert_japanese_error(excinfo, "halfwidth_kana")


@given(st.text(alphabet=st.characters(min_codepoint=0xFF66, max_codepoint=0xFF9D)))
def test_halfwidth_katakana_always_becomes_fullwidth(text):
    assert not re.search(r"[\uff61-\uff9f]", to_fullwidth_katakana(text))
    assert normalize(text) == normalize(to_fullwidth_katakana(text))
