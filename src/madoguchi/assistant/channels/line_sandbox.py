"""A sandbox speaking LINE's Messaging API protocol, for the demo and tests.

Webhook: LINE signs the raw body with the channel secret (HMAC-SHA256, base64) in the
``X-Line-Signature`` header; the body holds ``events``, of which ``message`` events with a text
message are answered with the event's ``replyToken`` through the reply API
(``POST https://api.line.me/v2/bot/message/reply`` with ``{"replyToken", "messages"}``, at most
five text messages of at most 5,000 characters). The sandbox records that request body in
``sent`` instead of calling LINE: connecting a real LINE channel means a second implementation
that posts it with the channel access token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections import deque

from django.conf import settings
from django.http import HttpRequest

from .base import IncomingMessage, Reply

REPLY_ENDPOINT = "https://api.line.me/v2/bot/message/reply"
MAX_MESSAGES = 5
MAX_TEXT = 5000


def signature(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


class LineSandbox:
    code = "line-sandbox"

    def __init__(self) -> None:
        self.sent: deque[Reply] = deque(maxlen=100)  # the latest replies, for the demo and tests

    @staticmethod
    def secret() -> str:
        return getattr(settings, "MADOGUCHI_LINE_CHANNEL_SECRET", "") or ""

    def verify(self, request: HttpRequest) -> bool:
        secret, given = self.secret(), request.headers.get("X-Line-Signature", "")
        if not secret or not given:
            return False
        return hmac.compare_digest(signature(request.body, secret), given)

    def messages(self, request: HttpRequest) -> list[IncomingMessage]:
        try:
            payload = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return []
        events = payload.get("events") if isinstance(payload, dict) else None
        found = []
        for event in events if isinstance(events, list) else []:
            if not isinstance(event, dict) or event.get("type") != "message":
                continue
            message = event.get("message") or {}
            token = event.get("replyToken")
            if isinstance(message, dict) and message.get("type") == "text" and isinstance(token, str):
                text = message.get("text")
                if isinstance(text, str):
                    found.append(IncomingMessage(text=text, reply_token=token))
        return found

    def reply(self, message: IncomingMessage, texts: list[str]) -> Reply:
        body = {
            "replyToken": message.reply_token,
            "messages": [{"type": "text", "text": text[:MAX_TEXT]} for text in texts[:MAX_MESSAGES]],
        }
        sent = Reply(endpoint=REPLY_ENDPOINT, body=body)
        self.sent.append(sent)
        return sent
