"""Adapter skeleton for a real card gateway (e.g. a Japanese 決済代行 with a REST API).

NOT production-ready: a starting point with the shape every gateway adapter needs. The parts
marked STAND-IN are guesses at a generic REST gateway and must be rewritten against the chosen
provider's API reference (endpoint paths, field names, signature scheme, status names). What is
real and reusable: the HTTP client with timeouts, idempotency keys on every write, the
constant-time signature check with a timestamp window, and the mapping onto the city's
`WebhookEvent` / `ProviderStatus`. See docs/payments.md.

Settings (environment):
  MADOGUCHI_PAYMENT_PROVIDER=gateway
  MADOGUCHI_GATEWAY_API_BASE=https://api.gateway.example/v1    (STAND-IN)
  MADOGUCHI_GATEWAY_API_KEY=…             secret key for server-to-server calls
  MADOGUCHI_GATEWAY_WEBHOOK_SECRET=…      shared secret for webhook signatures
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
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

TIMEOUT = (3.05, 10)  # connect, read (seconds)
TOLERANCE_SECONDS = 300


class GatewayProvider:
    code = "gateway"

    # --- configuration ----------------------------------------------------------------------
    def _config(self) -> tuple[str, str, str]:
        base = getattr(settings, "MADOGUCHI_GATEWAY_API_BASE", "")
        key = getattr(settings, "MADOGUCHI_GATEWAY_API_KEY", "")
        secret = getattr(settings, "MADOGUCHI_GATEWAY_WEBHOOK_SECRET", "")
        if not (base and key and secret):
            raise ImproperlyConfigured(
                "payment provider 'gateway' needs MADOGUCHI_GATEWAY_API_BASE, _API_KEY and _WEBHOOK_SECRET"
            )
        return base.rstrip("/"), key, secret

    def _post(self, path: str, payload: dict, *, idempotency_key: str) -> dict:
        import requests

        base, key, _ = self._config()
        try:
            response = requests.post(
                f"{base}{path}",
                json=payload,
                headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idempotency_key},
                timeout=TIMEOUT,
            )
        except requests.Timeout as exc:
            raise PaymentTimeout(str(exc), code="timeout") from exc
        except requests.RequestException as exc:
            raise PaymentError(str(exc), code="network") from exc
        if response.status_code >= 400:
            raise PaymentError(
                f"gateway answered {response.status_code}", code=f"http_{response.status_code}"
            )
        return response.json()

    def _get(self, path: str) -> dict:
        import requests

        base, key, _ = self._config()
        try:
            response = requests.get(
                f"{base}{path}", headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT
            )
        except requests.Timeout as exc:
            raise PaymentTimeout(str(exc), code="timeout") from exc
        response.raise_for_status()
        return response.json()

    # --- PaymentProvider --------------------------------------------------------------------
    def start(self, payment, *, return_url: str) -> Redirect:
        # STAND-IN: endpoint and field names.
        session = self._post(
            "/checkout/sessions",
            {
                "amount": payment.amount,  # JPY has no minor unit: whole yen
                "currency": "jpy",
                "merchant_reference": payment.reference,
                "success_url": return_url,
                "cancel_url": return_url,
            },
            idempotency_key=f"start-{payment.reference}",
        )
        payment.provider_payment_id = session["id"]
        return Redirect(session["url"])

    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        _, _, secret = self._config()
        # STAND-IN: header name and "t=…,v1=…" scheme; most gateways sign "<timestamp>.<body>".
        header = next(
            (v for k, v in headers.items() if k.lower() in {"gateway-signature", "http_gateway_signature"}),
            "",
        )
        try:
            parts = dict(item.split("=", 1) for item in header.split(","))
            timestamp, given = int(parts["t"]), parts["v1"]
        except (KeyError, ValueError):
            raise WebhookRejected("missing or malformed signature", code="bad_signature") from None
        expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, given):
            raise WebhookRejected("signature does not match", code="bad_signature")
        if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
            raise WebhookRejected("signature too old", code="stale")
        payload = json.loads(body)
        data = payload["data"]  # STAND-IN: payload layout and event type names
        return WebhookEvent(
            id=payload["id"],
            type={"charge.succeeded": "payment.succeeded", "charge.failed": "payment.failed"}.get(
                payload["type"], payload["type"]
            ),
            merchant_reference=data["merchant_reference"],
            provider_payment_id=data.get("session_id", ""),
            amount=data.get("amount"),
            failure_code=data.get("failure_code", ""),
            data=data,
        )

    def fetch_status(self, payment) -> ProviderStatus:
        session = self._get(f"/checkout/sessions/{payment.provider_payment_id}")  # STAND-IN
        return ProviderStatus(
            status=session["status"],
            provider_payment_id=session["id"],
            amount=session["amount"],
            refunded=session.get("amount_refunded", 0),
            failure_code=session.get("failure_code", ""),
        )

    def refund(self, payment, *, amount: int, idempotency_key: str) -> RefundResult:
        result = self._post(  # STAND-IN
            "/refunds",
            {"session": payment.provider_payment_id, "amount": amount},
            idempotency_key=idempotency_key,
        )
        return RefundResult(refund_id=result["id"], amount=result["amount"])
