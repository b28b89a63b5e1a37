"""The assistant's answers in やさしい日本語: the reviewed easy version of an FAQ answer when the
resident chose やさしい日本語, the usual answer (with the easy notice) when there is none."""

import re

import pytest
from django.urls import reverse

from madoguchi.core import easy
from madoguchi.core.tests.factories import MunicipalityFactory

from .factories_knowledge import faq

pytestmark = pytest.mark.django_db

PLAIN = "住民票の写しは、市役所1階の市民課（1・2番窓口）で請求できます。"


def visible(html: str) -> str:
    html = re.sub(r"<rp[^>]*>.*?</rp>|<rt[^>]*>.*?</rt>|</?ruby>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def juminhyo():
    MunicipalityFactory()
    return faq("juminhyo", question="住民票の写しを取りたい", answer=PLAIN, variants=["住民票がほしい"])


def ask(client, question):
    response = client.post(reverse("assistant:ask"), {"q": question})
    assert response.status_code == 200
    page = response.content.decode()
    return visible(page[page.index("<main") : page.index("</main>")])


def test_the_answer_in_easy_japanese(client, juminhyo):
    client.post(reverse("core:set_language"), {"language": easy.LANGUAGE_VALUE, "next": "/assistant/"})
    text = ask(client, "住民票がほしい")
    assert "住民票の写し（住所を証明する紙）は、市役所で取れます。" in text
    assert PLAIN not in text
    assert "やさしい日本語の説明がありません" not in text


def test_the_usual_answer_outside_easy_mode(client, juminhyo):
    text = ask(client, "住民票がほしい")
    assert PLAIN in text
    assert "住所を証明する紙" not in text


def test_an_answer_without_an_easy_version_says_so(client):
    MunicipalityFactory()
    faq("tokubetsu-no-shitsumon", question="公用車の貸出し", answer="公用車の貸出しは行っていません。")
    client.get("/?easy=on")
    text = ask(client, "公用車の貸出し")
    assert "公用車の貸出しは行っていません。" in text
    assert "このページには、やさしい日本語の説明がありません。" in text


def test_the_widget_and_the_api_answer_in_easy_japanese_when_chosen(client, juminhyo):
    def first(url, **extra):
        response = client.post(url, {"q": "住民票がほしい", "via": "widget"}, **extra)
        assert response.status_code == 200
        return response.json()["answers"][0]

    widget = lambda: first(reverse("assistant:ask"), headers={"accept": "application/json"})  # noqa: E731
    assert widget()["answer"] == PLAIN and widget()["easy"] is False
    client.get("/?easy=on")
    answer = widget()
    assert (
        answer["easy"] is True
        and "住民票の写し（住所を証明する紙）は、市役所で取れます。" in answer["answer"]
    )
    assert "**" not in answer["answer"] and "](" not in answer["answer"]  # text, not Markdown
    api = client.get("/api/v1/assistant/answers/", {"q": "住民票がほしい", "easy": "on"}).json()["answers"][0]
    assert api["easy"] is True and api["answer"] == answer["answer"]
