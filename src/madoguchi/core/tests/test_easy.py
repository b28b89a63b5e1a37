"""やさしい日本語: the switcher's choice keeps the page, turns furigana on and shows the reviewed
easy text on the key pages; a page without one says so; every easy file keeps to the measurable
parts of 「在留支援のためのやさしい日本語ガイドライン」 and names its reviewer and review date."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from madoguchi.core import easy
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.lifeevents.rules import EVENTS
from madoguchi.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

PROCEDURE_DATA = easy.CONTENT.parent.parent.parent / "procedures" / "data" / "procedures"
STACKED_HONORIFICS = ("させていただ", "いただけます", "ございます", "申し上げ", "おられ", "くださいませ")


def visible(html: str) -> str:
    """The page's text as a reader sees it: without ruby readings and tags."""
    html = re.sub(r"<rp[^>]*>.*?</rp>|<rt[^>]*>.*?</rt>|</?ruby>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def main_text(response) -> str:
    page = response.content.decode()
    return visible(page[page.index("<main") : page.index("</main>")])


def first_sentence(kind: str, key: str) -> str:
    return re.split(r"[。\n]", easy.easy_text(kind, key).plain)[0]


@pytest.fixture
def city():
    return MunicipalityFactory()


@pytest.fixture
def easy_client(client, city):
    """A resident who chose やさしい日本語 in the switcher on the home page."""
    response = client.post(reverse("core:set_language"), {"language": easy.LANGUAGE_VALUE, "next": "/"})
    assert response.status_code == 302
    return client


# -- the switcher -------------------------------------------------------------------------------


def test_the_switcher_offers_easy_japanese_and_keeps_the_page(client, city):
    page = client.get("/procedures/").content.decode()
    assert f'<option value="{easy.LANGUAGE_VALUE}" lang="ja">やさしい日本語</option>' in page
    assert reverse("core:set_language") in page

    response = client.post(
        reverse("core:set_language"), {"language": easy.LANGUAGE_VALUE, "next": "/procedures/?furigana=off"}
    )
    assert response["Location"] == "/procedures/?furigana=off"  # the same page
    assert response.cookies[easy.COOKIE].value == "on"
    page = client.get("/procedures/").content.decode()
    assert re.search(r'<option value="ja-easy" lang="ja" selected>', page)
    assert '<html lang="ja"' in page  # やさしい日本語 is Japanese


def test_choosing_another_language_leaves_easy_mode(easy_client):
    response = easy_client.post(reverse("core:set_language"), {"language": "en", "next": "/?easy=on"})
    assert response["Location"] == "/"  # an ?easy= in the page's address does not undo the choice
    assert response.cookies[easy.COOKIE].value == "off"
    page = easy_client.get("/").content.decode()
    assert '<html lang="en"' in page
    assert "easy-text" not in page and "<ruby>" not in page


def test_back_to_plain_japanese(easy_client):
    easy_client.post(reverse("core:set_language"), {"language": "ja", "next": "/"})
    page = easy_client.get("/").content.decode()
    assert "easy-text" not in page
    assert '<option value="ja" lang="ja" selected>' in page


def test_furigana_is_on_in_easy_mode_and_its_switch_is_not_offered(easy_client):
    page = easy_client.get("/?furigana=off").content.decode()
    assert "<ruby>" in page and "<rt" in page
    assert "ふりがなを消す" not in visible(page)


def test_easy_on_in_the_address_works_without_the_switcher(client, city):
    response = client.get("/?easy=on")
    assert response.cookies[easy.COOKIE].value == "on"
    assert first_sentence("page", "home") in main_text(response)


def test_staff_pages_are_never_in_easy_mode(easy_client):
    page = easy_client.get("/staff/", follow=True).content.decode()
    assert "easy-notice" not in page
    assert easy.LANGUAGE_VALUE not in page  # nor offered there


# -- the key pages ------------------------------------------------------------------------------


def test_the_home_page_in_easy_japanese(easy_client):
    text = main_text(easy_client.get("/"))
    assert first_sentence("page", "home") in text
    assert "手続の申請、窓口の予約、市政への参加" not in text  # the plain lead is replaced
    assert "やさしい日本語の説明がありません" not in text


def test_the_home_page_in_plain_japanese_has_no_easy_text(client, city):
    text = main_text(client.get("/"))
    assert first_sentence("page", "home") not in text
    assert "手続の申請、窓口の予約、市政への参加" in text


def test_a_procedure_guide_in_easy_japanese(easy_client):
    ProcedureFactory(
        code="risai-shomei", name="罹災証明書の発行申請", department=DepartmentFactory(code="bosai")
    )
    text = main_text(easy_client.get(reverse("procedures:detail", args=["risai-shomei"])))
    assert first_sentence("procedure", "risai-shomei") in text
    assert "やさしい日本語の説明" in text  # the section's heading
    assert "やさしい日本語の説明がありません" not in text


def test_a_procedure_without_an_easy_version_says_so(easy_client):
    ProcedureFactory(code="tokubetsu-na-tetsuzuki", description="難解な説明文です。")
    text = main_text(easy_client.get(reverse("procedures:detail", args=["tokubetsu-na-tetsuzuki"])))
    assert "このページには、やさしい日本語の説明がありません。" in text
    assert "ふつうの日本語で見る" in text
    assert "難解な説明文です。" in text


def test_a_life_event_in_easy_japanese(easy_client):
    text = main_text(easy_client.get(reverse("lifeevents:questions", args=["shussei"])))
    assert first_sentence("lifeevent", "shussei") in text
    text = main_text(easy_client.get(reverse("lifeevents:index")))
    assert first_sentence("page", "lifeevents") in text


def test_the_counter_pages_in_easy_japanese(easy_client):
    for url in (reverse("counter:waits"), reverse("counter:reserve")):
        assert first_sentence("page", "counter") in main_text(easy_client.get(url)), url


def test_the_disaster_page_in_both(client, city):
    text = main_text(client.get(reverse("core:disaster")))
    assert "災害のときの情報" in text and "避難場所と避難所" in text
    assert "避難（ひなん）は、安全な場所に逃げることです。" not in text
    text = main_text(client.get(reverse("core:disaster"), {"easy": "on"}))
    assert "避難（ひなん）は、安全な場所に逃げることです。" in text
    assert "やさしい日本語の説明がありません" not in text


def test_a_page_without_an_easy_version_says_so_and_offers_plain_japanese(easy_client):
    response = easy_client.get(reverse("opendata:index"))
    text = main_text(response)
    assert "このページには、やさしい日本語の説明がありません。" in text
    assert "ふりがな" in text  # and the kanji have readings
    assert "<rt" in response.content.decode()
    assert "?easy=off" in response.content.decode()


# -- the texts ----------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。！？])|\n", text)
    return [s.strip() for s in parts if s.strip()]


ALL = easy.all_texts()


def test_the_key_pages_have_their_texts():
    procedure_codes = {path.stem for path in PROCEDURE_DATA.glob("*.json")}
    assert len(procedure_codes) == 28
    assert procedure_codes <= {t.key for t in ALL if t.kind == "procedure"}
    assert {e.code for e in EVENTS} <= {t.key for t in ALL if t.kind == "lifeevent"}
    assert {"home", "counter", "disaster", "lifeevents"} <= {t.key for t in ALL if t.kind == "page"}
    assert len([t for t in ALL if t.kind == "faq"]) >= 40


def test_easy_faq_keys_are_faqs_the_assistant_knows():
    import yaml

    faqs = easy.CONTENT.parent.parent.parent / "assistant" / "demo" / "faqs"
    keys = {
        e["key"] for path in faqs.glob("*.yaml") for e in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    assert {t.key for t in ALL if t.kind == "faq"} <= keys


@pytest.mark.parametrize("text", ALL, ids=lambda t: f"{t.kind}/{t.key}")
def test_each_text_keeps_to_the_guideline(text):
    found = sentences(text.plain)
    assert found, "empty"
    lengths = [len(s) for s in found]
    assert max(lengths) <= 80, max(found, key=len)  # one idea a sentence
    assert sum(lengths) / len(lengths) <= 40
    for word in STACKED_HONORIFICS:
        assert word not in text.body, word  # です・ます only
    assert "ません。ない" not in text.body and "なくはない" not in text.body  # no double negatives
    assert text.reviewed_by.strip(), "who reviewed it"
    assert isinstance(text.reviewed_on, datetime.date), "when it was reviewed"
    assert text.reviewed_on <= datetime.date.today() + datetime.timedelta(days=1)


def test_a_file_without_front_matter_is_refused():
    with pytest.raises(ValueError, match="front matter"):
        easy.parse("page", "x", "本文だけです。")


def test_the_markdown_is_data_not_html():
    text = easy.parse(
        "page", "x", "---\nreviewed_by: a\nreviewed_on: 2026-12-04\n---\n<script>x</script>です。"
    )
    assert "<script>" not in text.html
