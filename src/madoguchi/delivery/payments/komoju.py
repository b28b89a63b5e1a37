"""Production adapter: KOMOJU (株式会社DEGICA), a Japanese payment service with a public REST API
(https://doc.komoju.com/, https://ja.doc.komoju.com/) that takes cards, ペイジー and コンビニ払い.

Shaped after KOMOJU's public documentation (checked for this adapter):
- hosted page: `POST /api/v1/sessions` (amount, currency "JPY", return_url,
  external_order_num, payment_types) → `session_url`, where the resident is sent; back at
  `return_url?session_id=…`;
- status: `GET /api/v1/sessions/{id}` (status pending | completed | cancelled, with its
  `payment`) and `GET /api/v1/payments/{id}`;
- refund: `POST /api/v1/payments/{id}/refund` (amount), with an `Idempotency-Key` header;
- webhooks: JSON POSTs with `X-Komoju-ID`, `X-Komoju-Event` and `X-Komoju-Signature`, the
  HMAC-SHA256 (hex) of the raw body with the webhook's secret token; events payment.captured,
  payment.authorized (ペイジー・コンビニ: numbers issued, not yet paid), payment.failed,
  payment.expired, payment.refunded; settlement.created when a payout is made;
- authentication: HTTP Basic with the secret key as user name.

To verify against the current reference before going live (marked VERIFY): the payment
object's field names for Pay-easy/konbini instructions (`payment_details`), and the settlement
endpoint's layout (`GET /api/v1/settlements`, whose transactions this adapter converts to the
city's settlement CSV). The sandbox (sandbox.py) speaks the same protocol in-process.

Settings (environment):
  MADOGUCHI_PAYMENT_PROVIDER=komoju
  MADOGUCHI_KOMOJU_SECRET_KEY=sk_live_…
  MADOGUCHI_KOMOJU_WEBHOOK_SECRET=…      the secret token of the webhook set in KOMOJU's dashboard
  MADOGUCHI_KOMOJU_API_BASE=https://komoju.com/api/v1   (default)
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import json
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import (
    PaymentError,
    PaymentTimeout,
    ProviderStatus,
    Redirect,
    RefundResult,
    WebhookEvent,
    WebhookRejected,
)

TIMEOUT = (3.05, 15)
DEFAULT_BASE = "https://komoju.com/api/v1"
PAYMENT_TYPES = ["credit_card", "pay_easy", "konbini"]
METHODS = {"credit_card": "card", "pay_easy": "payeasy", "konbini": "konbini"}
EVENT_TYPES = {
    "payment.captured": "payment.succeeded",
    "payment.authorized": "payment.awaiting",
    "payment.failed": "payment.failed",
    "payment.expired": "payment.failed",
    "payment.cancelled": "payment.failed",
    "payment.refunded": "refund.succeeded",
}
STATUSES = {  # KOMOJU payment status → the city's ProviderStatus.status
    "captured": "succeeded",
    "authorized": "awaiting",
    "pending": "open",
    "failed": "failed",
    "expired": "failed",
    "cancelled": "failed",
    "refunded": "refunded",
}


class KomojuProvider:
    code = "komoju"

    def _config(self) -> tuple[str, str, str]:
        base = getattr(settings, "MADOGUCHI_KOMOJU_API_BASE", "") or DEFAULT_BASE
        key = getattr(settings, "MADOGUCHI_KOMOJU_SECRET_KEY", "")
        secret = getattr(settings, "MADOGUCHI_KOMOJU_WEBHOOK_SECRET", "")
        if not (key and secret):
            raise ImproperlyConfigured(
                "payment provider 'komoju' needs MADOGUCHI_KOMOJU_SECRET_KEY and MADOGUCHI_KOMOJU_WEBHOOK_SECRET"
            )
        return base.rstrip("/"), key, secret

    def _request(self, method: str, path: str, *, payload: dict | None = None, idempotency_key: str = ""):
        import requests

        base, key, _secret = self._config()
        headers = {"Accept": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        try:
            response = requests.request(
                method, f"{base}{path}", json=payload, auth=(key, ""), headers=headers, timeout=TIMEOUT
            )
        except requests.Timeout as exc:
            raise PaymentTimeout(str(exc), code="timeout") from exc
        except requests.RequestException as exc:
            raise PaymentError(str(exc), code="network") from exc
        if response.status_code >= 400:
            raise PaymentError(f"KOMOJU answered {response.status_code}", code=f"http_{response.status_code}")
        return response.json()

    # --- hosted page --------------------------------------------------------------------------
    def start(self, payment, *, return_url: str) -> Redirect:
        session = self._request(
            "POST",
            "/sessions",
            payload={
                "amount": payment.amount,  # JPY: whole yen
                "currency": "JPY",
                "return_url": return_url,
                "external_order_num": payment.reference,
                "payment_types": PAYMENT_TYPES,
                "default_locale": "ja",
            },
            idempotency_key=f"session-{payment.reference}-{payment.amount}",
        )
        payment.provider_payment_id = session["id"]
        return Redirect(session["session_url"])

    # --- result notification (webhook) ----------------------------------------------------------
    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        _base, _key, secret = self._config()
        given = _header(headers, "X-Komoju-Signature")
        if not given:
            raise WebhookRejected("missing signature header", code="no_signature")
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, given.strip().lower()):
            raise WebhookRejected("signature does not match", code="bad_signature")
        # KOMOJU signs the body only (no timestamp): replays are stopped by the event id, which
        # the city records once (WebhookReceipt).
        try:
            payload = json.loads(body)
            data = payload["data"]
            details = data.get("payment_details") or {}  # VERIFY: Pay-easy / konbini fields
            return WebhookEvent(
                id=payload["id"],
                type=EVENT_TYPES.get(payload["type"], payload["type"]),
                merchant_reference=data.get("external_order_num", ""),
                provider_payment_id=data.get("session") or data.get("id", ""),
                amount=data.get("amount"),
                failure_code=data.get("status", "") if payload["type"] != "payment.captured" else "",
                data={
                    "method": METHODS.get(details.get("type", ""), ""),
                    "instructions": _instructions(details),
                },
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise WebhookRejected("malformed body", code="bad_body") from None

    # --- status query, refund -------------------------------------------------------------------
    def fetch_status(self, payment) -> ProviderStatus:
        session = self._request("GET", f"/sessions/{payment.provider_payment_id}")
        found = session.get("payment") or {}
        status = STATUSES.get(found.get("status", ""), "open")
        if session.get("status") == "cancelled":
            status = "failed"
        return ProviderStatus(
            status=status,
            provider_payment_id=session["id"],
            amount=found.get("amount", session.get("amount", 0)),
            refunded=found.get("amount_refunded", 0),
            failure_code=found.get("status", "") if status == "failed" else "",
        )

    def refund(self, payment, *, amount: int, idempotency_key: str) -> RefundResult:
        session = self._request("GET", f"/sessions/{payment.provider_payment_id}")
        payment_id = (session.get("payment") or {}).get("id")
        if not payment_id:
            raise PaymentError("KOMOJU session has no payment", code="no_payment")
        result = self._request(
            "POST",
            f"/payments/{payment_id}/refund",
            payload={"amount": amount},
            idempotency_key=idempotency_key,
        )
        refunds = result.get("refunds") or [{}]
        return RefundResult(refund_id=refunds[-1].get("id", idempotency_key), amount=amount)

    # --- daily settlement file --------------------------------------------------------------------
    def settlement_file(self, day: datetime.date) -> str:
        """The day's captures and refunds as the city's settlement CSV (payments/settlement.py).

        VERIFY: built from `GET /settlements` (its transactions' type, amount, external order
        number and time) — check the field names against the current reference."""
        from .sandbox import SETTLEMENT_HEADER

        listing = self._request(
            "GET", f"/settlements?start_date={day.isoformat()}&end_date={day.isoformat()}"
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(SETTLEMENT_HEADER)
        total = 0
        for settlement in listing.get("data", []):
            for item in settlement.get("transactions", []):
                kind = "refund" if item.get("type") == "refund" else "capture"
                amount = -abs(item["amount"]) if kind == "refund" else item["amount"]
                total += amount
                writer.writerow(
                    [
                        kind,
                        item.get("id", ""),
                        item.get("external_order_num", ""),
                        METHODS.get(item.get("payment_method", ""), ""),
                        amount,
                        item.get("created_at", ""),
                    ]
                )
        writer.writerow(["total", "", "", "", total, day.isoformat()])
        return buffer.getvalue()


def _instructions(details: dict) -> dict:
    """Pay-easy / konbini numbers from a KOMOJU payment's details (VERIFY names)."""
    return {
        key: str(details[source])
        for key, source in (
            ("biller_number", "bank_id"),
            ("customer_number", "customer_id"),
            ("confirmation_number", "confirmation_id"),
            ("store", "store"),
            ("slip_number", "receipt"),
            ("expires_on", "expires_at"),
        )
        if details.get(source)
    }


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() in {wanted, "http_" + wanted.replace("-", "_")}:
            return value
    return ""
