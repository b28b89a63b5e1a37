"""カスタマバーコード against the worked examples of 日本郵便「郵便番号・バーコードマニュアル」
(住所表示番号の抜き出し例 and the bar codes printed for them, check character included)."""

import pytest

from madoguchi.notices import barcode

# (postal code, address, the 20 data characters + check character as printed in the manual)
JAPAN_POST_EXAMPLES = [
    ("263-0023", "千葉市稲毛区緑町3丁目30-8　郵便ビル403号", "26300233-30-8-403CC4CC4CC45"),
    ("014-0113", "秋田県大仙市堀見内　南田茂木　添60-1", "014011360-1CC4CC4CC4CC4CC4CC4CC4CC4CC4CC8"),
    ("110-0016", "東京都台東区台東5-6-3　ABCビル10F", "11000165-6-3-10CC4CC4CC4CC4CC49"),
    (
        "060-0906",
        "北海道札幌市東区北六条東4丁目　郵便センター6号館",
        "06009064-6CC4CC4CC4CC4CC4CC4CC4CC4CC4CC49",
    ),
    (
        "065-0006",
        "北海道札幌市東区北六条東8丁目　郵便センター10号館",
        "06500068-10CC4CC4CC4CC4CC4CC4CC4CC4CC49",
    ),
    ("407-0033", "山梨県韮崎市龍岡町下條南割　韮崎400", "4070033400CC4CC4CC4CC4CC4CC4CC4CC4CC4CC4-"),
    ("273-0102", "千葉県鎌ケ谷市右京塚　東3丁目-20-5　郵便・A&bコーポB604号", "27301023-20-5CC11604CC4CC40"),
    ("198-0036", "東京都青梅市河辺町十一丁目六番地一号　郵便タワー601", "198003611-6-1-601CC4CC4CC4CC8"),
    ("027-0203", "岩手県宮古市大字津軽石第二十一地割大淵川480", "027020321-480CC4CC4CC4CC4CC4CC4CC4CC5"),
    ("590-0016", "大阪府堺市堺区中田出井町四丁六番十九号", "59000164-6-19CC4CC4CC4CC4CC4CC4CC4CC2"),
    ("080-0831", "北海道帯広市稲田町南七線　西28", "08008317-28CC4CC4CC4CC4CC4CC4CC4CC4CC4CC7"),
    ("317-0055", "茨城県日立市宮田町6丁目7-14　ABCビル2F", "31700556-7-14-2CC4CC4CC4CC4CC4CC1"),
    ("650-0046", "神戸市中央区港島中町9丁目7-6　郵便シティA棟1F1号", "65000469-7-6CC101-1CC4CC4CC45"),
    ("623-0011", "京都府綾部市青野町綾部6-7　LプラザB106", "62300116-7CC21CC11106CC4CC4CC44"),
    ("064-0804", "札幌市中央区南四条西29丁目1524-23　第2郵便ハウス501", "064080429-1524-23-2-3"),
    ("910-0067", "福井県福井市新田塚3丁目80-25　J1ビル2-B", "91000673-80-25CC191-2CC19"),
]


@pytest.mark.parametrize(("postal_code", "address", "printed"), JAPAN_POST_EXAMPLES)
def test_japan_post_examples(postal_code, address, printed):
    code = barcode.customer_code(postal_code, address)
    assert code[0] == "STC" and code[-1] == "SPC"
    assert len(code) == 23  # start, 7 + 13 data slots, check, stop
    assert "".join(code[1:-1]) == printed


def test_check_character_makes_the_sum_a_multiple_of_19():
    code = barcode.customer_code("263-0023", "千葉市稲毛区緑町3丁目30-8　郵便ビル403号")
    assert sum(barcode.VALUES[c] for c in code[1:-1]) % 19 == 0


def test_bars_of_the_first_example():
    """Start (long, descender), 2 = 1 3 2, 6 = 3 2 1, … check 5 = 1 4 1, stop (descender, long)."""
    bars = barcode.bars(barcode.customer_code("263-0023", "千葉市稲毛区緑町3丁目30-8　郵便ビル403号"))
    assert len(bars) == 67
    assert bars.startswith("13" + "132" + "321")
    assert bars.endswith("141" + "31")
    assert set(bars) <= {"1", "2", "3", "4"}


@pytest.mark.parametrize(
    ("address", "postal_code", "expected"),
    [
        ("東京都国分寺市本町二丁目1番1号", "1850012", "2-1-1"),
        ("東京都千代田区六番町1-2", "1020085", "1-2"),  # the town's own 六 is not a number
        ("東京都国分寺市戸倉１－６－１", "1858501", "1-6-1"),  # full-width digits
    ],
)
def test_address_number_of_addresses_in_the_demo_city(address, postal_code, expected):
    assert barcode.address_number(address, postal_code=postal_code) == expected


def test_a_postal_code_must_have_7_digits():
    with pytest.raises(ValueError):
        barcode.customer_code("185-001", "東京都国分寺市本町2-1-1")


def test_kanji_numerals():
    assert [barcode.kanji_to_int(t) for t in ["四", "十一", "二十一", "百五", "一〇五"]] == [
        4,
        11,
        21,
        105,
        105,
    ]
