"""個人番号: the check digit, messages that never repeat the number, masking."""

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.core.japanese import (
    JapaneseInputError,
    generate_my_number,
    mask_my_number,
    my_number_check_digit,
    validate_my_number,
)

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def assert_japanese_error(excinfo, code):
    assert excinfo.value.code == code
    assert str(excinfo.value) and JAPANESE.search(str(excinfo.value))


def _remainder(eleven: str) -> int:
    return sum(int(p) * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(reversed(eleven), start=1)) % 11


def test_check_digit_by_hand():
    # P1..P11 from the right: 1,0,9,8,7,6,5,4,3,2,1 × Q 2,3,4,5,6,7,2,3,4,5,6 = 212;
    # 212 mod 11 = 3; 11 − 3 = 8.
    assert my_number_check_digit("12345678901") == 8
    assert validate_my_number("123456789018") == "123456789018"


@pytest.mark.parametrize(
    "typed",
    ["123456789018", "１２３４５６７８９０１８", "1234 5678 9018", "1234-5678-9018", " 1234－5678－9018 "],
)
def test_residents_may_type_full_width_digits_spaces_and_hyphens(typed):
    assert validate_my_number(typed) == "123456789018"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "my_number_length"),
        ("12345678901", "my_number_length"),
        ("1234567890180", "my_number_length"),
        ("12345678901a", "my_number_not_digits"),
        ("一二三四五六七八九〇一八", "my_number_not_digits"),
        ("123456789019", "my_number_check_digit"),
        ("123456789010", "my_number_check_digit"),
    ],
)
def test_bad_my_numbers_each_get_their_own_message(typed, code):
    with pytest.raises(JapaneseInputError) as excinfo:
        validate_my_number(typed)
    assert_japanese_error(excinfo, code)
    assert "1234" not in str(excinfo.value)  # 特定個人情報 is never echoed


def test_masking_shows_only_the_last_four_digits():
    assert mask_my_number("123456789018") == "********9018"
    assert mask_my_number("1234 5678 9018") == "********9018"
    assert mask_my_number("12345") == "************"
    assert mask_my_number("") == "************"


def test_generated_numbers_are_reproducible_from_the_seed():
    assert generate_my_number(random.Random(7)) == generate_my_number(random.Random(7))


@given(st.randoms(use_true_random=False))
def test_generated_numbers_always_validate(rng):
    number = generate_my_number(rng)
    assert validate_my_number(number) == number


@given(st.randoms(use_true_random=False), st.integers(0, 11), st.integers(1, 9))
def test_one_changed_digit_fails_unless_the_remainder_moves_between_zero_and_one(rng, position, delta):
    number = generate_my_number(rng)
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    # The rule maps remainders 0 and 1 to the same check digit, so that one case slips through.
    blind_spot = position < 11 and {_remainder(number[:11]), _remainder(changed[:11])} == {0, 1}
    if blind_spot:
        assert validate_my_number(changed) == changed
    else:
        with pytest.raises(JapaneseInputError):
            validate_my_number(changed)


def test_the_rule_has_a_blind_spot_between_remainders_zero_and_one():
    assert validate_my_number("595748906820") and validate_my_number("795748906820")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345678901A", "個人番号（マイナンバー）は数字だけで入力してください。"),
        ("1234:5678:9018", "個人番号（マイナンバー）は数字だけで入力してください。"),
        ("12345678901", "個人番号（マイナンバー）は12桁の数字で入力してください（11桁入力されています）。"),
        (
            "123456789019",
            "個人番号（マイナンバー）が正しくありません。マイナンバーカードの番号をもう一度確かめてください。",
        ),
    ],
)
def test_each_refusal_says_how_to_fix_it(typed, message):
    with pytest.raises(JapaneseInputError) as excinfo:
        validate_my_number(typed)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    "not_eleven_ascii_digits",
    ["1234567890", "123456789012", "1234567890a", "١٢٣٤٥٦٧٨٩٠١", "１２３４５６７８９０１"],
)
def test_check_digit_needs_eleven_ascii_digits(not_eleven_ascii_digits):
    """Other scripts' digits (Arabic-Indic, full-width) are digits to Python's int(): refused here,
    so only validate_my_number's normalisation decides what a resident may type."""
    with pytest.raises(ValueError, match="^eleven ASCII digits expected$"):
        my_number_check_digit(not_eleven_ascii_digits)


@pytest.mark.parametrize("value", ["12345678abcd", "١٢٣٤٥٦٧٨٩٠١٨", "1234567890123"])
def test_masking_shows_nothing_of_a_value_that_is_not_twelve_digits(value):
    assert mask_my_number(value) == "************"


def test_generated_numbers_use_every_digit_in_every_position():
    """Demo numbers look like real ones: any first digit but 0, any digit after it."""
    rng = random.Random(31)
    numbers = [generate_my_number(rng) for _ in range(600)]
    assert {n[0] for n in numbers} == set("123456789")
    for position in range(1, 11):
        assert {n[position] for n in numbers} == set("0123456789"), position
