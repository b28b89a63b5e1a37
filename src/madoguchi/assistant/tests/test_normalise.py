"""Normalisation: the same words in kanji, kana, half width or another inflection fold together."""

from __future__ import annotations

import pytest

from madoguchi.assistant.retrieval.normalise import analyse, english_stem, fold, normalise


@pytest.mark.parametrize(
    "a,b",
    [
        ("申し込み", "申込"),
        ("ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ", "マイナンバーカード"),
        ("ＡＢＣ　１２３", "abc 123"),
    ],
)
def test_variants_normalise_to_the_same_words(a, b):
    assert normalise(a) == normalise(b)


def test_kana_meets_kanji_through_the_reading():
    kanji = {t for t in analyse("申し込み").terms if t.startswith("~")}
    assert kanji & set(analyse("もうしこみ").terms)
    assert {t for t in analyse("住民票").terms if t.startswith("~")} & set(analyse("じゅうみんひょう").terms)


def test_particles_and_empty_words_are_dropped():
    words = normalise("保育園に申し込みたいんですけど教えてください").split()
    assert "保育園" in words
    assert not {"に", "たい", "です", "けど", "教える", "ください"} & set(words)


def test_reading_keeps_the_words_for_character_ngrams():
    assert analyse("粗大ゴミの出し方").reading == analyse("そだいごみ だしかた").reading


def test_fold_and_english():
    assert fold("  Ｍｙ　Ｎｕｍｂｅｒ  ") == "my number"
    assert english_stem("collection") == english_stem("collected") == "collect"
    assert normalise("") == ""
