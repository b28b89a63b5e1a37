"""The LINE-style webhook (sandbox): X-Line-Signature checked, text messages answered through the
reply API's request shape, recorded instead of sent."""

from __future__ import annotations

import json

import pytest

from madoguchi.assistant.channels import channels
from madoguchi.assistant.channels.line_sandbox import REPLY_ENDPOINT, signature
from madoguchi.assistant.models import QuestionLog

from .factories_knowledge import faq

pytestmark = pytest.mark.django_db
URL = "/assistant/webhooks/line/"
SECRET = "test-channel-secret"


@pytest.fixture(autouse=True)
def line(settings):
    settings.MADOGUCHI_LINE_CHANNEL_SECRET = SECRET
    settings.MADOGUCHI_ASSISTANT_CHANNELS = {"line": "line-sandbox"}
    sandbox = channels.get("line-sandbox")
    sandbox.sent.clear()
    return sandbox


def body(*events) -> bytes:
    return json.dumps({"destination": "Uxxxxxxxx", "events": list(events)}, ensure_ascii=False).encode()


def text_event(text: str, token: str = "reply-token-1") -> dict:
    return {
        "type": "message",
        "replyToken": token,
        "source": {"type": "user", "userId": "U4af4980629"},
        "timestamp": 1700000000000,
        "mode": "active",
        "message": {"type": "text", "id": "468789577898262530", "text": text},
    }


def post(client, payload: bytes, sign_with: str | None = SECRET):
    headers = {"HTTP_X_LINE_SIGNATURE": signature(payload, sign_with)} if sign_with else {}
    return client.post(URL, payload, content_type="application/json", **headers)


def test_a_signed_message_is_answered_through_the_reply_api_shape(client, line):
    faq(
        "juminhyo",
        question="住民票の写しを取りたい",
        answer="市民課の窓口とコンビニで取れます。",
        variants=["住民票がほしい"],
    )
    response = post(client, body(text_event("住民票がほしい")))
    assert response.status_code == 200
    [reply] = line.sent
    assert reply.endpoint == REPLY_ENDPOINT
    assert reply.body["replyToken"] == "reply-token-1"
    [message] = reply.body["messages"]
    assert message["type"] == "text" and "市民課の窓口とコンビニで取れます。" in message["text"]
    assert QuestionLog.objects.get().via == "line"


def test_a_message_with_a_phone_number_is_logged_masked(client, line):
    post(client, body(text_event("090-1234-5678に電話ください")))
    assert "5678" not in QuestionLog.objects.get().text


def test_not_confident_offers_a_person(client, line):
    post(client, body(text_event("宇宙旅行の補助金")))
    texts = [m["text"] for m in line.sent[0].body["messages"]]
    assert "うまくお答えできませんでした" in texts[0]
    assert "http://testserver/assistant/" in texts[-1]


@pytest.mark.parametrize("sign_with", [None, "another-secret"])
def test_a_missing_or_wrong_signature_is_refused_and_nothing_logged(client, line, sign_with):
    response = post(client, body(text_event("住民票がほしい")), sign_with=sign_with)
    assert response.status_code == 403
    assert not line.sent and not QuestionLog.objects.exists()


def test_a_tampered_body_fails_the_signature(client, line):
    signed = body(text_event("住民票がほしい"))
    response = client.post(
        URL,
        body(text_event("別の質問")),
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=signature(signed, SECRET),
    )
    assert response.status_code == 403


def test_other_events_are_acknowledged_and_ignored(client, line):
    follow = {"type": "follow", "replyToken": "t", "source": {"type": "user", "userId": "U1"}}
    sticker = {
        **text_event("x"),
        "message": {"type": "sticker", "id": "1", "packageId": "1", "stickerId": "1"},
    }
    assert post(client, body(follow, sticker)).status_code == 200
    assert post(client, body()).status_code == 200  # LINE's "verify" sends no events
    assert post(client, b"not json").status_code == 200
    assert not line.sent and not QuestionLog.objects.exists()


def test_without_a_configured_secret_nothing_is_accepted(client, line, settings):
    settings.MADOGUCHI_LINE_CHANNEL_SECRET = ""
    assert post(client, body(text_event("住民票がほしい")), sign_with="").status_code == 403


def test_a_disabled_channel_is_not_found(client, settings):
    settings.MADOGUCHI_ASSISTANT_CHANNELS = {}
    assert post(client, body(text_event("住民票がほしい"))).status_code == 404


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405
