"""What is online (issue 29 item 1): every catalog entry says how it is applied for (オンライン /
窓口 / 郵送) and can be filtered by it; the page's title is true; an offline procedure offers a
visit, the form on paper, the postal address and what to bring, and shows no processing period of
0 days nor a card login that does not apply."""

import pytest
from django.utils import translation

from madoguchi.core.tests.factories import MunicipalityFactory
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import bundled_procedure, definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(departments):
    MunicipalityFactory(postal_code="185-8501", address="東京都国分寺市戸倉一丁目6番地1")
    online = bundled_procedure("jidou-teate-genkyo")
    counter_only = load_procedure_definition(
        {
            **definition("kaigo-hihokensha-sho-saikofu"),
            "code": "inkan-test",
            "name": "印鑑登録の申請",
            "kana": "いんかんとうろく",
            "channels": ["counter"],
            "processing_days": 0,
            "fee": 300,
            "required_attachments": [],
        }
    )
    postal = load_procedure_definition(
        {
            **definition("kaigo-futan-wariai-saikofu"),
            "code": "kokuho-test",
            "name": "国民健康保険の加入",
            "kana": "こくほかにゅう",
            "channels": ["counter", "postal"],
            "processing_days": 0,
        }
    )
    return online, counter_only, postal


def _card(page: str, name: str) -> str:
    """The catalog card of `name` (its <li>)."""
    cards = [card.split("</li>")[0] for card in page.split('<li class="card">')[1:]]
    found = [card for card in cards if f">{name}</a>" in card]
    assert len(found) == 1, name
    return found[0]


def test_every_entry_is_labelled_with_how_to_apply(client, catalog):
    page = client.get("/procedures/").content.decode()
    assert "<title>オンライン申請できる手続" not in page
    assert "<h1>手続一覧</h1>" in page
    online = _card(page, "児童手当の現況届")
    assert ">オンライン<" in online and ">窓口<" in online and ">郵送<" in online
    counter = _card(page, "印鑑登録の申請")
    assert ">窓口<" in counter and ">オンライン<" not in counter and ">郵送<" not in counter
    postal = _card(page, "国民健康保険の加入")
    assert ">郵送<" in postal and ">オンライン<" not in postal


@pytest.mark.parametrize(
    ("channel", "heading", "shown", "hidden"),
    [
        (
            "online",
            "オンラインで申請できる手続",
            ["児童手当の現況届"],
            ["印鑑登録の申請", "国民健康保険の加入"],
        ),
        ("postal", "郵送で受け付ける手続", ["児童手当の現況届", "国民健康保険の加入"], ["印鑑登録の申請"]),
        ("counter", "窓口で受け付ける手続", ["印鑑登録の申請", "国民健康保険の加入"], []),
    ],
)
def test_the_catalog_filters_by_how_to_apply(client, catalog, channel, heading, shown, hidden):
    page = client.get("/procedures/", {"channel": channel}).content.decode()
    assert f"<h1>{heading}</h1>" in page and f"<title>{heading}" in page
    for name in shown:
        assert name in page
    for name in hidden:
        assert name not in page


def test_a_procedure_taken_offline_only_is_not_listed_as_online_when_unpublished(client, catalog):
    online, *_ = catalog
    online.channels = ["online"]
    online.save()
    assert "児童手当の現況届" in client.get("/procedures/", {"channel": "online"}).content.decode()
    online.is_published = False
    online.save()
    assert "児童手当の現況届" not in client.get("/procedures/", {"channel": "online"}).content.decode()


def test_an_unknown_filter_shows_everything(client, catalog):
    page = client.get("/procedures/", {"channel": "fax"}).content.decode()
    assert "3件の手続" in page and "<h1>手続一覧</h1>" in page


def test_an_offline_procedure_says_what_to_do_instead(client, catalog):
    page = client.get("/procedures/inkan-test/").content.decode()
    assert "オンラインで申請する</button>" not in page
    assert "/counter/reserve/" in page and "来庁を予約する" in page
    assert "本人確認書類" in page and "手数料 300円" in page  # what to bring
    assert "標準処理期間" not in page  # 0 days: not a promise worth printing
    assert "マイナンバーカードでのログインが必要" not in page and "本人確認の水準" not in page
    assert "郵送で申請する" not in page  # counter only


def test_a_postal_procedure_gives_the_form_and_the_address(client, catalog):
    page = client.get("/procedures/kokuho-test/").content.decode()
    assert "/procedures/kokuho-test/form/" in page
    assert "〒185-8501 東京都国分寺市戸倉一丁目6番地1" in page
    assert "介護保険課" in page  # the addressee
    form = client.get("/procedures/kokuho-test/form/")
    assert form.status_code == 200
    text = form.content.decode()
    assert "国民健康保険の加入" in text and "blank-line" in text
    # The form's own questions, choices included (○で囲む).
    assert "紛失" in text or "破損" in text


def test_an_online_procedure_keeps_its_period_and_login(client, catalog):
    page = client.get("/procedures/jidou-teate-genkyo/").content.decode()
    assert "20開庁日" in page
    assert "マイナンバーカードでのログインが必要です" in page
    assert "オンラインで申請する</button>" in page


def test_no_paper_form_for_an_online_only_procedure(client, catalog):
    online, *_ = catalog
    online.channels = ["online"]
    online.save()
    assert client.get("/procedures/jidou-teate-genkyo/form/").status_code == 404
    assert client.get("/procedures/no-such-thing/form/").status_code == 404


def test_labels_and_filters_in_english(client, catalog):
    with translation.override("en"):
        page = client.get("/procedures/", {"channel": "postal"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Procedures you can apply for by post" in page
    assert ">Online<" in page and ">Post<" in page
