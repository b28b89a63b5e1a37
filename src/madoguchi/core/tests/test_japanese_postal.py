"""郵便番号: one written form, and the address it names."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.core.japanese import JapaneseInputError, lookup_address, normalize_postal_code

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def assert_japanese_error(excinfo, code):
    assert excinfo.value.code == code
    assert str(excinfo.value) and JAPANESE.search(str(excinfo.value))


@pytest.mark.parametrize(
    "typed", ["1858501", "185-8501", "〒１８５－８５０１", "〒185-8501", " 185 8501 ", "１８５ー８５０１"]
)
def test_postal_codes_are_kept_as_three_hyphen_four(typed):
    assert normalize_postal_code(typed) == "185-8501"


@pytest.mark.parametrize("typed", ["", "185850", "18585011", "185-850a", "郵便番号", "185_8501"])
def test_anything_but_seven_digits_is_refused(typed):
    with pytest.raises(JapaneseInputError) as excinfo:
        normalize_postal_code(typed)
    assert_japanese_error(excinfo, "postal_code_format")
    assert "185-8501" in str(excinfo.value)


def test_lookup_of_a_town():
    address = lookup_address("185-0012")
    assert (address.prefecture, address.city, address.town) == ("東京都", "国分寺市", "本町")
    assert (address.prefecture_kana, address.city_kana, address.town_kana) == (
        "トウキョウト",
        "コクブンジシ",
        "ホンチョウ",
    )
    assert address.lg_code == "132144"
    assert str(address) == "東京都国分寺市本町"


def test_lookup_of_the_city_halls_large_office_code():
    address = lookup_address("〒１８５－８５０１")
    assert address.postal_code == "185-8501"
    assert address.office_name == "国分寺市役所"
    assert (address.prefecture, address.city) == ("東京都", "国分寺市")
    assert address.town


def test_unknown_codes_give_none_and_malformed_codes_an_error():
    assert lookup_address("999-9999") is None
    with pytest.raises(JapaneseInputError):
        lookup_address("185-85")


@given(
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    st.sampled_from(["", "〒", "〒 "]),
    st.sampled_from(["", "-", "－", " "]),
    st.booleans(),
)
def test_normalize_postal_code_is_idempotent(digits, mark, hyphen, fullwidth):
    typed = f"{mark}{digits[:3]}{hyphen}{digits[3:]}"
    if fullwidth:
        typed = typed.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    once = normalize_postal_code(typed)
    assert once == f"{digits[:3]}-{digits[3:]}"
    assert normalize_postal_code(once) == once
