"""電話番号: however typed, kept as the hyphenated domestic form."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.core.japanese import JapaneseInputError, normalize_phone

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def assert_japanese_error(excinfo, code):
    assert excinfo.value.code == code
    assert str(excinfo.value) and JAPANESE.search(str(excinfo.value))


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0423250111", "042-325-0111"),  # 国分寺市役所
        ("042-325-0111", "042-325-0111"),
        ("０４２（３２５）０１１１", "042-325-0111"),
        ("(042) 325-0111", "042-325-0111"),
        ("+81 42-325-0111", "042-325-0111"),
        ("+81-(0)42-325-0111", "042-325-0111"),
        ("+81 042 325 0111", "042-325-0111"),
        ("0312345678", "03-1234-5678"),
        ("0612345678", "06-1234-5678"),
        ("09012345678", "090-1234-5678"),
        ("+819012345678", "090-1234-5678"),
        ("080-1234-5678", "080-1234-5678"),
        ("07012345678", "070-1234-5678"),
        ("05012345678", "050-1234-5678"),
        ("0120123456", "0120-123-456"),
        ("0570064123", "0570-064-123"),
        ("08001234567", "0800-123-4567"),
        ("0422123456", "0422-12-3456"),  # 武蔵野・三鷹
        ("0499221441", "04992-2-1441"),  # 大島
        ("042.325.0111", "042-325-0111"),
        ("042ー325ー0111", "042-325-0111"),  # IME long-vowel mark for a hyphen
    ],
)
def test_numbers_are_kept_in_the_domestic_hyphenated_form(typed, kept):
    assert normalize_phone(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "phone_no_prefix"),
        ("042-325-011", "phone_too_short"),
        ("090-1234-567", "phone_too_short"),
        ("042-325-01111", "phone_too_long"),
        ("090-1234-56789", "phone_too_long"),
        ("042-325-0111 内線123", "phone_invalid_characters"),
        ("abc-defg", "phone_invalid_characters"),
        ("325-0111", "phone_no_prefix"),
        ("+1 202 555 0100", "phone_not_japanese"),
    ],
)
def test_bad_numbers_each_get_their_own_message(typed, code):
    with pytest.raises(JapaneseInputError) as excinfo:
        normalize_phone(typed)
    assert_japanese_error(excinfo, code)


@given(st.sampled_from(["03", "06", "042", "045", "090", "080", "050", "0120", "0422"]), st.data())
def test_normalizing_is_idempotent_and_keeps_every_digit(prefix, data):
    length = 11 if prefix in {"090", "080", "050"} else 10
    size = length - len(prefix) - 1
    # A 市内局番 never starts with 0 or 1 (06-0… would be the 11-digit 060 range).
    rest = data.draw(st.sampled_from("23456789")) + data.draw(
        st.text("0123456789", min_size=size, max_size=size)
    )
    number = normalize_phone(prefix + rest)
    assert normalize_phone(number) == number
    assert number.replace("-", "") == prefix + rest
    assert number.count("-") == 2
