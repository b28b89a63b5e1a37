"""SMS, shaped after a typical SMS API (the sandbox is real code; the provider is imitated).

Send: POST {base}/v1/messages, `Authorization: Bearer <key>`, `Idempotency-Key: <delivery key>`,
JSON {"to": "+8190…", "from": "<sender id>", "body": "…", "reference": "<delivery key>",
"status_callback": "<our receipt webhook>"} → 202 {"id": "sms_…", "status": "accepted"};
400 {"error": {"code", "message"}} for a number that can never receive it; 429 with
`Retry-After` (seconds) past the per-second rate; the same Idempotency-Key twice → the first
answer again (sent once).

Delivery receipt: POST to our webhook, JSON {"id": "evt_…", "type": "message.status",
"message_id": "sms_…", "reference": "<delivery key>", "status": "delivered" | "undelivered" |
"failed", "error_code": …, "created": <unix time>}, header `X-Sms-Signature: t=<unix>,v1=<hex>`,
v1 = HMAC-SHA256(secret, "<t>.<raw body>").

With MADOGUCHI_SMS_API_BASE unset the sandbox answers in process. Its magic numbers (docs):
ending 0000 → 400 (not a mobile that can receive SMS); ending 9999 → accepted, then a receipt
"undelivered"; anything else → accepted, then "delivered".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from madoguchi.core.keyfile import stable_secret
from madoguchi.core.notifications import PermanentFailure

from .common import clock, delivery_for_key, e164, preference_of, short_text

SMS_LIMIT = 660  # 10 concatenated parts of 66 UCS-2 characters (Japanese text)
MAX_RATE_RETRIES = 5
SIGNATURE_TOLERANCE = 300  # seconds a signed receipt stays acceptable


@dataclass
class Response:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)


def webhook_secret() -> str:
    configured = getattr(settings, "MADOGUCHI_SMS_WEBHOOK_SECRET", "")
    return configured or stable_secret(Path(settings.VAR_DIR) / "sms-sandbox-secret")


def sign(body: bytes, *, timestamp: int | None = None, secret: str | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new((secret or webhook_secret()).encode(), f"{ts}.".encode() + body, hashlib.sha256)
    return f"t={ts},v1={mac.hexdigest()}"


def verify(body: bytes, header: str, *, now: float | None = None) -> bool:
    """The receipt's signature is ours and recent (an old signed request replayed is refused)."""
    parts = dict(item.split("=", 1) for item in (header or "").split(",") if "=" in item)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or not given:
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > SIGNATURE_TOLERANCE:
        return False
    expected = sign(body, timestamp=int(timestamp)).partition("v1=")[2]
    return hmac.compare_digest(expected, given)


class SandboxSmsApi:
    """The provider, imitated in process: validation, per-second rate limit, idempotency, and the
    receipts it would post back (kept in `receipts` until `deliver_receipts` posts them)."""

    def __init__(self, *, rate_per_second: int = 10):
        self.rate_per_second = rate_per_second
        self.sent: list[dict] = []
        self.receipts: list[dict] = []
        self._by_key: dict[str, Response] = {}
        self._window: tuple[int, int] = (0, 0)  # (second, requests in it)
        self._lock = threading.Lock()

    def post_message(self, payload: dict, *, idempotency_key: str, api_key: str) -> Response:
        with self._lock:
            if not api_key:
                return Response(401, {"error": {"code": "unauthorized", "message": "missing API key"}})
            if idempotency_key in self._by_key:
                return self._by_key[idempotency_key]
            second = int(clock.now())
            count = self._window[1] + 1 if self._window[0] == second else 1
            self._window = (second, count)
            if count > self.rate_per_second:
                return Response(
                    429,
                    {"error": {"code": "rate_limited", "message": "too many requests"}},
                    {"Retry-After": "1"},
                )
            to, body = payload.get("to", ""), payload.get("body", "")
            if not e164(to) or not body or len(body) > SMS_LIMIT:
                return Response(400, {"error": {"code": "invalid_request", "message": "to/body"}})
            if to.endswith("0000"):
                return Response(
                    400, {"error": {"code": "unreachable_number", "message": "not a mobile number"}}
                )
            message_id = "sms_" + secrets.token_hex(10)
            response = Response(202, {"id": message_id, "status": "accepted"})
            self._by_key[idempotency_key] = response
            self.sent.append({**payload, "id": message_id})
            del self.receipts[: max(0, len(self.receipts) - 999)]  # a sandbox, not a store: the last 1000
            self.receipts.append(
                {
                    "id": "evt_" + secrets.token_hex(10),
                    "type": "message.status",
                    "message_id": message_id,
                    "reference": payload.get("reference", ""),
                    "status": "undelivered" if to.endswith("9999") else "delivered",
                    "error_code": "30003" if to.endswith("9999") else None,
                    "created": int(time.time()),
                }
            )
            return response


class HttpSmsApi:
    """The production transport: the same request to a real provider's endpoint."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def post_message(self, payload: dict, *, idempotency_key: str, api_key: str) -> Response:
        import requests

        reply = requests.post(
            f"{self.base}/v1/messages",
            json=payload,
            headers={"Authorization": f"Bearer {api_key}", "Idempotency-Key": idempotency_key},
            timeout=10,
        )
        try:
            body = reply.json()
        except ValueError:
            body = {}
        return Response(reply.status_code, body, dict(reply.headers))


sandbox = SandboxSmsApi()


def api():
    base = getattr(settings, "MADOGUCHI_SMS_API_BASE", "")
    return HttpSmsApi(base) if base else sandbox


def receipt_request(receipt: dict) -> tuple[bytes, str]:
    """The body and signature header the provider posts for one receipt (the sandbox's, and tests')."""
    body = json.dumps(receipt, ensure_ascii=False).encode()
    return body, sign(body)


class SmsNotifier:
    """core.notifications Notifier for SMS: the resident's registered mobile number."""

    code = "sms"

    def address_for(self, person, user) -> str:
        preference = preference_of(person)
        return e164(preference.mobile) if preference else ""

    def send(self, *, address: str, subject: str, body: str, key: str = "") -> None:
        from django.urls import reverse

        payload = {
            "to": address,
            "from": getattr(settings, "MADOGUCHI_SMS_SENDER", "") or "Madoguchi",
            "body": short_text(subject, body, SMS_LIMIT),
            "reference": key,
            "status_callback": settings.MADOGUCHI_PUBLIC_URL.rstrip("/") + reverse("notices:sms_receipt"),
        }
        api_key = getattr(settings, "MADOGUCHI_SMS_API_KEY", "") or "sandbox"
        for _attempt in range(MAX_RATE_RETRIES + 1):
            response = api().post_message(payload, idempotency_key=key, api_key=api_key)
            if response.status == 429:  # the per-second rate: wait as told, then the same request
                clock.sleep(float(response.headers.get("Retry-After", "1") or 1))
                continue
            break
        else:
            raise RuntimeError("SMS provider: still rate limited")
        if response.status in (200, 201, 202):
            delivery = delivery_for_key(key)
            if delivery is not None:
                from ..services.deliveries import accepted

                accepted(delivery, provider_id=str(response.body.get("id", "")))
            return
        error = response.body.get("error", {}) if isinstance(response.body, dict) else {}
        message = f"SMS {response.status}: {error.get('code', '')} {error.get('message', '')}".strip()
        if 400 <= response.status < 500:
            raise PermanentFailure(message)
        raise RuntimeError(message)  # 5xx: the task retries
