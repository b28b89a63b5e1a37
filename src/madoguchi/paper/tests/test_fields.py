import pytest

from madoguchi.paper.fields import FieldKind, kind_for, normalise, validate


@pytest.mark.parametrize(
    ("prop", "key", "kind"),
    [
        ({"type": "string", "format": "katakana"}, "a.kana", FieldKind.KATAKANA),
        ({"type": "string", "format": "date"}, "a.birth_date", FieldKind.DATE),
        ({"type": "string", "format": "jp-postal-code"}, "a.postal_code", FieldKind.POSTAL),
        ({"type": "string", "format": "jp-phone"}, "a.phone", FieldKind.PHONE),
        ({"type": "string", "format": "my-number"}, "a.my_number", FieldKind.MY_NUMBER),
        ({"type": "string", "pattern": "^[0-9]{10}$"}, "a.insured", FieldKind.DIGITS),
        ({"type": "integer", "minimum": 0, "maximum": 99}, "a.count", FieldKind.DIGITS),
        ({"type": "boolean"}, "a.agree", FieldKind.CHECKBOX),
        ({"type": "string", "enum": ["本人", "代理人"]}, "a.role", FieldKind.CHECKBOX),
        ({"type": "string", "maxLength": 50}, "a.full_name", FieldKind.TEXT),
        ({"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}, "a.month", FieldKind.TEXT),
    ],
)
def test_kind_for_reads_the_schema(prop, key, kind):
    assert kind_for(prop, key) == kind


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("令和6年4月1日", "2024-04-01"),
        ("R6.4.1", "2024-04-01"),
        ("Ｒ６．４．１", "2024-04-01"),
        ("平成元年1月8日", "1989-01-08"),
        ("昭和60年04月01日", "1985-04-01"),
        ("今和6年4月1日", "2024-04-01"),  # 令 misread as 今
        ("2024年4月1日", "2024-04-01"),
        ("2024/04/01", "2024-04-01"),
        ("平成7年.4月3日", "1995-04-03"),
    ],
)
def test_dates_become_iso(raw, iso):
    assert normalise(FieldKind.DATE, raw) == iso
    assert validate(FieldKind.DATE, iso) is None


def test_a_date_that_does_not_exist_stays_as_read_and_is_flagged():
    value = normalise(FieldKind.DATE, "令和6年2月30日")
    assert value == "令和6年2月30日"
    assert validate(FieldKind.DATE, value)


def test_fullwidth_and_lookalikes_become_digits():
    assert normalise(FieldKind.DIGITS, "１２３O４l") == "123041"
    assert normalise(FieldKind.POSTAL, "〒１８５－８５０１") == "185-8501"
    assert normalise(FieldKind.PHONE, "04232501 11") == "042-325-0111"
    assert normalise(FieldKind.MY_NUMBER, "1234 5678 9018") == "123456789018"


def test_katakana_is_widened_and_spaced_with_a_fullwidth_space():
    assert normalise(FieldKind.KATAKANA, "ｺｸﾌﾞﾝ  たろう") == "コクブン\u3000タロウ"


def test_text_is_nfkc_with_single_spaces():
    assert normalise(FieldKind.TEXT, " 国分寺市 本町２丁目\u3000１番 ") == "国分寺市 本町2丁目 1番"


def test_validation_uses_the_japanese_utilities():
    assert validate(FieldKind.MY_NUMBER, "123456789018") is None
    assert validate(FieldKind.MY_NUMBER, "123456789012")  # wrong check digit
    assert validate(FieldKind.POSTAL, "185-8501") is None
    assert validate(FieldKind.POSTAL, "999-9999")  # no such code
    assert validate(FieldKind.POSTAL, "18585")
    assert validate(FieldKind.PHONE, "042-325-0111") is None
    assert validate(FieldKind.PHONE, "1234")
    assert validate(FieldKind.KATAKANA, "コクブン\u3000タロウ") is None
    assert validate(FieldKind.DIGITS, "12a") is not None
    assert validate(FieldKind.TEXT, "") is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("本町二 目1番1号", "本町二丁目1番1号"),
        ("宮西町2]目24番地", "宮西町2丁目24番地"),
        ("本町二 丁目1番1号", "本町二丁目1番1号"),
        ("本町二丁目1番1号", "本町二丁目1番1号"),
        ("一目でわかる", "一目でわかる"),
    ],
)
def test_chome_dropped_by_ocr_is_restored(raw, value):
    assert normalise(FieldKind.TEXT, raw) == value
