"""Masking: every form in which residents type personal data is hidden before logging."""

import pytest

from madoguchi.assistant.masking import mask, mask_personal_data

VALID_MY_NUMBER = "391417776310"  # check digit valid (generate_my_number)
INVALID_MY_NUMBER = "391417776311"


@pytest.mark.parametrize(
    "typed",
    [
        "391417776310",
        "3914 1777 6310",
        "3914-1777-6310",
        "３９１４１７７７６３１０",
        "３９１４　１７７７　６３１０",
        "３９１４－１７７７－６３１０",
        "3914ー1777ー6310",
    ],
)
def test_my_number_in_any_form_is_masked(typed):
    result = mask_personal_data(f"マイナンバーは{typed}です。カードの再発行をしたい")
    assert result.text == "マイナンバーは[個人番号]です。カードの再発行をしたい"
    assert result.kinds == ("my_number",)


def test_twelve_digits_without_a_valid_check_digit_are_masked_anyway():
    result = mask_personal_data(f"番号 {INVALID_MY_NUMBER} を忘れた")
    assert result.text == "番号 [番号] を忘れた"
    assert "1777" not in result.text


@pytest.mark.parametrize(
    "typed",
    [
        "090-1234-5678",
        "09012345678",
        "090 1234 5678",
        "０９０－１２３４－５６７８",
        "090ー1234ー5678",
        "042-325-0111",
        "0423250111",
        "(042)325-0111",
        "（０４２）３２５－０１１１",
        "03-1234-5678",
        "0120-123-456",
        "+81-90-1234-5678",
        "+81 42 325 0111",
        "＋８１９０１２３４５６７８",
    ],
)
def test_phone_numbers_in_any_form_are_masked(typed):
    result = mask_personal_data(f"折り返しは{typed}にお願いします")
    assert result.text == "折り返しは[電話番号]にお願いします"
    assert result.kinds == ("phone",)


def test_a_local_number_without_its_area_code_is_masked():
    assert "0111" not in mask("市役所の325-0111に電話した")
    assert "5678" not in mask("携帯は1234-5678です")


@pytest.mark.parametrize(
    "typed", ["taro.yamada@example.jp", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "a+b_c-d@mail.example.co.jp"]
)
def test_email_addresses_are_masked(typed):
    assert mask(f"連絡先 {typed} です") == "連絡先 [メールアドレス] です"


@pytest.mark.parametrize("typed", ["〒185-8501", "〒１８５－８５０１", "〒 1858501", "185-8501"])
def test_postal_codes_are_masked(typed):
    assert "8501" not in mask(f"住所は{typed}です")
    assert "[郵便番号]" in mask(f"住所は{typed}です")


def test_street_numbers_after_a_town_name_are_masked():
    assert mask("国分寺市本町1-2-3に住んでいます") == "国分寺市本町[番地]に住んでいます"
    assert mask("戸倉二丁目 戸倉2丁目10番5号です") == "戸倉二丁目 戸倉[番地]です"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("私は山田太郎です。転入届について", "私は[氏名]です。転入届について"),
        ("わたしは山田 花子と申します", "わたしは[氏名]と申します"),
        ("名前は ヤマダタロウ", "名前は [氏名]"),
        ("氏名：国分 寺子", "氏名:[氏名]"),
        ("市民課の件で鈴木と申します", "市民課の件で[氏名]と申します"),
    ],
)
def test_names_after_self_introductions_are_masked(typed, expected):
    assert mask(typed) == expected


@pytest.mark.parametrize(
    "question",
    [
        "私は学生です。国保に入れますか",
        "住民票の写しは1通300円ですか",
        "2025年4月1日から保育所に入りたい",
        "児童手当は月10000円ですか",
        "窓口は8:30から17:00まで開いていますか",
        "粗大ごみの予約 1234",
        "2025-2026年度の保育料",
    ],
)
def test_ordinary_questions_are_left_as_typed(question):
    result = mask_personal_data(question)
    assert result.text == question
    assert not result.changed


def test_several_items_in_one_question_are_all_masked():
    result = mask_personal_data(f"私は山田太郎です。{VALID_MY_NUMBER}、電話090-1234-5678、mail a@b.jp")
    assert result.text == "私は[氏名]です。[個人番号]、電話[電話番号]、mail [メールアドレス]"
    assert sorted(result.kinds) == ["email", "my_number", "name", "phone"]
