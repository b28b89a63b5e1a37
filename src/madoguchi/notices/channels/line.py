"""LINE, speaking the LINE Messaging API (the sandbox imitates LINE's server in process).

Push: POST https://api.line.me/v2/bot/message/push, `Authorization: Bearer <channel access
token>`, `X-Line-Retry-Key: <UUID>` (the same on every retry: LINE sends once and answers 409 to a
key it already accepted), JSON {"to": "U…", "messages": [{"type": "text", "text": "…"}]} →
200 {"sentMessages": [{"id": "…", "quoteToken": "…"}]}; 400 for a user id that is not a friend;
429 past the rate limit.

Webhook: LINE posts {"destination": "U…", "events": [...]} with `X-Line-Signature` =
base64(HMAC-SHA256(channel secret, raw body)); each event has a `webhookEventId` (we take each
once). We use: `message` (text) — a resident sends the link code shown on their page, which links
their LINE user id; `unfollow` — they blocked the account, so LINE is no longer reachable.

LINE gives no delivery receipt for push messages: "accepted" is the last status we know.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from madoguchi.core.keyfile import stable_secret
from madoguchi.core.notifications import PermanentFailure

from .common import clock, delivery_for_key, preference_of, short_text

API = "https://api.line.me/v2/bot/message/push"
TEXT_LIMIT = 5000
MAX_RATE_RETRIES = 5
USER_ID = re.compile(r"U[0-9a-f]{32}")


@dataclass
class Response:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)


def channel_secret() -> str:
    configured = getattr(settings, "MADOGUCHI_LINE_CHANNEL_SECRET", "")
    return configured or stable_secret(Path(settings.VAR_DIR) / "line-sandbox-secret", nbytes=16)


def signature(body: bytes, secret: str | None = None) -> str:
    mac = hmac.new((secret or channel_secret()).encode(), body, hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def verify(body: bytes, header: str) -> bool:
    return bool(header) and hmac.compare_digest(signature(body), header)


def retry_key(key: str) -> str:
    """X-Line-Retry-Key must be a UUID: one derived from the delivery key, stable across retries."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"madoguchi:{key}"))


class SandboxLineApi:
    """LINE's push endpoint, imitated: body validation, retry keys, rate limit, blocked users."""

    def __init__(self, *, rate_per_second: int = 20):
        self.rate_per_second = rate_per_second
        self.sent: list[dict] = []
        self.blocked: set[str] = set()
        self._accepted: dict[str, str] = {}
        self._window: tuple[int, int] = (0, 0)
        self._lock = threading.Lock()

    def push(self, payload: dict, *, retry_key: str, token: str) -> Response:
        with self._lock:
            if not token:
                return Response(401, {"message": "Authentication failed"})
            if retry_key in self._accepted:
                return Response(
                    409,
                    {"message": "The retry key is already accepted"},
                    {"x-line-accepted-request-id": self._accepted[retry_key]},
                )
            second = int(clock.now())
            count = self._window[1] + 1 if self._window[0] == second else 1
            self._window = (second, count)
            if count > self.rate_per_second:
                return Response(429, {"message": "The API rate limit has been exceeded."})
            to, messages = payload.get("to", ""), payload.get("messages")
            valid = (
                USER_ID.fullmatch(to or "")
                and isinstance(messages, list)
                and 1 <= len(messages) <= 5
                and all(
                    m.get("type") == "text" and 0 < len(m.get("text", "")) <= TEXT_LIMIT for m in messages
                )
            )
            if not valid:
                return Response(400, {"message": "The request body has 1 error(s)"})
            if to in self.blocked:
                return Response(400, {"message": "Failed to send messages"})
            request_id = str(uuid.uuid4())
            self._accepted[retry_key] = request_id
            self.sent.append(payload)
            return Response(
                200,
                {
                    "sentMessages": [
                        {"id": str(secrets.randbelow(10**18)), "quoteToken": secrets.token_urlsafe(12)}
                    ]
                },
                {"x-line-request-id": request_id},
            )


class HttpLineApi:
    def push(self, payload: dict, *, retry_key: str, token: str) -> Response:
        import requests

        reply = requests.post(
            API,
            json=payload,
            headers={"Authorization": f"Bearer {token}", "X-Line-Retry-Key": retry_key},
            timeout=10,
        )
        try:
            body = reply.json()
        except ValueError:
            body = {}
        return Response(reply.status_code, body, dict(reply.headers))


sandbox = SandboxLineApi()


def api():
    return HttpLineApi() if getattr(settings, "MADOGUCHI_LINE_CHANNEL_ACCESS_TOKEN", "") else sandbox


class LineNotifier:
    """core.notifications Notifier for LINE: the user id linked from the resident's page."""

    code = "line"

    def address_for(self, person, user) -> str:
        preference = preference_of(person)
        return preference.line_user_id if preference else ""

    def send(self, *, address: str, subject: str, body: str, key: str = "") -> None:
        payload = {
            "to": address,
            "messages": [{"type": "text", "text": short_text(subject, body, TEXT_LIMIT)}],
        }
        token = getattr(settings, "MADOGUCHI_LINE_CHANNEL_ACCESS_TOKEN", "") or "sandbox"
        for attempt in range(MAX_RATE_RETRIES + 1):
            response = api().push(payload, retry_key=retry_key(key), token=token)
            if response.status == 429:
                clock.sleep(min(2**attempt, 8))  # LINE sends no Retry-After: back off
                continue
            break
        else:
            raise RuntimeError("LINE: still rate limited")
        if response.status in (200, 409):  # 409: this retry key was accepted before (sent once)
            delivery = delivery_for_key(key)
            if delivery is not None:
                from ..services.deliveries import accepted

                sent = (response.body.get("sentMessages") or [{}])[0] if response.status == 200 else {}
                accepted(delivery, provider_id=str(sent.get("id", "")))
            return
        message = f"LINE {response.status}: {response.body.get('message', '')}"
        if 400 <= response.status < 500:
            raise PermanentFailure(message)
        raise RuntimeError(message)
