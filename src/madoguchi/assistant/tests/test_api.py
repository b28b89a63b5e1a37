"""GET /api/v1/assistant/answers/: the shape, the 400s in Japanese and English, the throttle and
the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from madoguchi.assistant.api import AnswersThrottle
from madoguchi.assistant.models import QuestionLog

from .factories_knowledge import faq

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistant/answers/"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def juminhyo():
    return faq(
        "juminhyo",
        question="住民票の写しを取りたい",
        answer="住民票の写しは市民課の窓口とコンビニで取れます。",
        variants=["住民票がほしい"],
        url="/procedures/juminhyo/",
    )


def test_the_answers_have_the_documented_shape(client, juminhyo):
    assert reverse("api-v1:assistant-answers") == URL
    response = client.get(URL, {"q": "住民票がほしい"})
    assert response.status_code == 200
    data = response.json()
    assert data["confident"] is True
    top = data["answers"][0]
    assert {"title", "answer", "url", "score", "source"} <= set(top)
    assert (top["title"], top["source"], top["url"]) == (
        "住民票の写しを取りたい",
        "faq",
        "/procedures/juminhyo/",
    )
    assert 0 <= top["score"] <= 1
    assert QuestionLog.objects.get().via == "api"


def test_an_unknown_question_is_not_confident(client, juminhyo):
    data = client.get(URL, {"q": "宇宙旅行の補助金"}).json()
    assert data["confident"] is False


@pytest.mark.parametrize(
    "params, language, message",
    [
        ({}, "ja", "質問を入力してください。"),
        ({"q": ""}, "ja", "質問を入力してください。"),
        ({"q": "   "}, "ja", "質問を入力してください。"),
        ({"q": "\x00\x07"}, "ja", "質問を入力してください。"),
        ({"q": "あ" * 201}, "ja", "質問は200文字以内で入力してください（201文字入力されています）。"),
        ({}, "en", "Please enter a question."),
        ({"q": "a" * 201}, "en", "Please keep the question to 200 characters"),
    ],
)
def test_a_missing_empty_or_long_question_is_a_400_with_a_message(client, params, language, message):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert message in response.json()["q"][0]
    assert not QuestionLog.objects.exists()


def test_each_client_is_throttled(client, juminhyo, monkeypatch):
    monkeypatch.setattr(AnswersThrottle, "rate", "3/min", raising=False)
    statuses = [client.get(URL, {"q": "住民票"}, REMOTE_ADDR="192.0.2.1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(URL, {"q": "住民票"}, REMOTE_ADDR="192.0.2.2").status_code == 200  # another client
    assert QuestionLog.objects.count() == 4  # the refused one was not answered nor logged


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/assistant/answers/"]["get"]
    [q] = [p for p in operation["parameters"] if p["name"] == "q"]
    assert q["required"] is True
    assert {"200", "400"} <= set(operation["responses"])


@pytest.mark.parametrize(
    "q",
    [
        "住民票\x00",
        "🙂" * 50,
        "<script>alert(1)</script>",
        "%%%",
        "ｱｲｳ",
        "a" * 200,
        "\u3000\t\n住民票",
    ],
)
def test_odd_questions_get_an_answer_not_an_error(client, juminhyo, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["answers"], list)
