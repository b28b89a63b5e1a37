"""The sandbox card gateway: a stand-in for a real card payment service, inside the app.

It behaves the way real gateways do, so the city's side is exercised for real:

- hosted checkout: the resident is redirected to the gateway's own page to enter a card; the
  city never sees the number;
- webhooks: the outcome is POSTed to the city's webhook endpoint as JSON, signed with
  HMAC-SHA256 over "<timestamp>.<body>" in the `Sandbox-Signature: t=…,v1=…` header;
- magic test card numbers decide the outcome (see CARDS), like every gateway's test mode;
- timeouts: one card makes the gateway's webhook delivery time out (it is retried later, and
  the city can ask for the status meanwhile); `fail_next("refund")` makes the next refund call
  time out after the gateway has done it, so a retry with the same idempotency key must not
  refund twice;
- refunds (full or partial) with idempotency keys, and a status API;
- Pay-easy (ペイジー) and convenience-store (コンビニ) payments: the checkout issues the numbers
  the resident pays with at an ATM, in online banking or at a store (`payment.awaiting` webhook),
  and a test button on the checkout page stands in for the bank or store paying
  (`payment.succeeded`);
- the daily settlement file (精算データ, CSV): every capture and refund of one JST day, which
  the city reconciles against its own records (payments/settlement.py).

The gateway side (`SandboxGateway`, table `SandboxCharge`) stands in for the provider's servers;
`SandboxProvider` is the city's adapter to it and is the only part a real provider replaces
(see `gateway_skeleton.py` and docs/payments.md).
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import hmac
import io
import json
import secrets
import time
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from madoguchi.core.japanese.jst import JST
from madoguchi.core.keyfile import stable_secret

from ..models import SandboxCharge
from .base import PaymentTimeout, ProviderStatus, Redirect, RefundResult, WebhookEvent, WebhookRejected
from .fees import receive_webhook

SIGNATURE_HEADER = "Sandbox-Signature"
PAYEASY_BILLER = "58091"  # 収納機関番号 (the sandbox's own; a real one comes from the PSP contract)
OFFLINE_DAYS = 7  # Pay-easy and konbini numbers are valid this many days
KONBINI_STORES = {
    "seven": "セブン-イレブン",
    "lawson": "ローソン",
    "familymart": "ファミリーマート",
}
SETTLEMENT_HEADER = ["record_type", "transaction_id", "merchant_reference", "method", "amount", "occurred_at"]
TOLERANCE_SECONDS = 300

# Magic test card numbers (Luhn-valid), as in every card gateway's test mode.
CARD_SUCCESS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_INSUFFICIENT_FUNDS = "4000000000009995"
CARD_EXPIRED = "4000000000000069"
CARD_WEBHOOK_TIMEOUT = "4000000000000408"  # charged, but the webhook delivery times out
CARDS = {
    CARD_SUCCESS: "",
    CARD_DECLINED: "card_declined",
    CARD_INSUFFICIENT_FUNDS: "insufficient_funds",
    CARD_EXPIRED: "expired_card",
    CARD_WEBHOOK_TIMEOUT: "",
}


def webhook_secret() -> str:
    """The gateway's own secret (MADOGUCHI_PAYMENT_SANDBOX_SECRET), else a random one kept in
    var/. Never derived from SECRET_KEY: a demo on a known key could then be sent forged
    `payment.succeeded` events."""
    configured = getattr(settings, "MADOGUCHI_SANDBOX_WEBHOOK_SECRET", "")
    return configured or _file_secret(Path(settings.VAR_DIR) / "payment-sandbox-secret")


@functools.cache
def _file_secret(path: Path) -> str:
    return stable_secret(path)


def sign(body: bytes, *, timestamp: int | None = None, secret: str | None = None) -> str:
    """The signature header value for `body`."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new((secret or webhook_secret()).encode(), f"{ts}.".encode() + body, hashlib.sha256)
    return f"t={ts},v1={mac.hexdigest()}"


def luhn_ok(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for index, digit in enumerate(reversed(number)):
        value = int(digit)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class SandboxGateway:
    """The gateway's servers (stand-in). Public methods mirror a gateway's API and pages."""

    def __init__(self):
        self._fail_next: set[str] = set()

    def fail_next(self, operation: str) -> None:
        """Make the next `operation` ("refund") time out after the gateway has carried it out."""
        self._fail_next.add(operation)

    def _maybe_time_out(self, operation: str) -> None:
        if operation in self._fail_next:
            self._fail_next.discard(operation)
            raise PaymentTimeout("sandbox gateway: read timed out", code="timeout")

    # --- API: checkout sessions -------------------------------------------------------------
    def create_session(self, *, merchant_reference: str, amount: int, return_url: str) -> SandboxCharge:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError("amount must be a positive integer number of yen")
        return SandboxCharge.objects.create(
            session_id="cs_test_" + secrets.token_hex(12),
            merchant_reference=merchant_reference,
            amount=amount,
            return_url=return_url,
        )

    # --- hosted checkout page: the resident submits a card -----------------------------------
    def pay(self, session_id: str, *, card_number: str) -> SandboxCharge:
        """Charge the card (once per session). Returns the session; sends the webhook."""
        number = "".join(card_number.split()).replace("-", "")
        with transaction.atomic():
            charge = SandboxCharge.objects.select_for_update().get(session_id=session_id)
            if charge.status != SandboxCharge.Status.OPEN:
                return charge  # a double submit on the checkout page charges once
            failure = CARDS.get(number, "")
            charge.card_last4 = number[-4:]
            if failure:
                charge.status = SandboxCharge.Status.FAILED
                charge.failure_code = failure
                event_type = "payment.failed"
            else:
                charge.status = SandboxCharge.Status.SUCCEEDED
                charge.charge_id = "ch_test_" + secrets.token_hex(12)
                charge.captured_at = timezone.now()
                event_type = "payment.succeeded"
            charge.method = "card"
            event = self._event(charge, event_type)
            if number == CARD_WEBHOOK_TIMEOUT:
                charge.pending_webhooks = [*charge.pending_webhooks, event]
            charge.save()
        if number != CARD_WEBHOOK_TIMEOUT:
            self.deliver(event)
        return charge

    def choose_offline(self, session_id: str, *, method: str, store: str = "") -> SandboxCharge:
        """Pay-easy or konbini chosen on the checkout page: issue the numbers (once per session)."""
        if method not in {"payeasy", "konbini"} or (method == "konbini" and store not in KONBINI_STORES):
            raise ValueError("unknown offline payment method")
        with transaction.atomic():
            charge = SandboxCharge.objects.select_for_update().get(session_id=session_id)
            if charge.status != SandboxCharge.Status.OPEN:
                return charge
            expires = (timezone.now() + datetime.timedelta(days=OFFLINE_DAYS)).astimezone(JST).date()
            if method == "payeasy":
                instructions = {
                    "biller_number": PAYEASY_BILLER,  # 収納機関番号
                    "customer_number": "".join(secrets.choice("0123456789") for _ in range(16)),  # お客様番号
                    "confirmation_number": "".join(
                        secrets.choice("0123456789") for _ in range(6)
                    ),  # 確認番号
                }
            else:
                instructions = {
                    "store": store,
                    "store_name": KONBINI_STORES[store],
                    "slip_number": "".join(secrets.choice("0123456789") for _ in range(13)),  # 払込票番号
                }
            charge.method = method
            charge.instructions = {**instructions, "expires_on": expires.isoformat()}
            charge.status = SandboxCharge.Status.AWAITING
            charge.charge_id = "ch_test_" + secrets.token_hex(12)
            charge.save()
            event = self._event(charge, "payment.awaiting")
        self.deliver(event)
        return charge

    def pay_offline(self, session_id: str) -> SandboxCharge:
        """Test stand-in for the bank or the store: the numbers were paid (once)."""
        with transaction.atomic():
            charge = SandboxCharge.objects.select_for_update().get(session_id=session_id)
            if charge.status != SandboxCharge.Status.AWAITING:
                return charge
            charge.status = SandboxCharge.Status.SUCCEEDED
            charge.captured_at = timezone.now()
            charge.save()
            event = self._event(charge, "payment.succeeded")
        self.deliver(event)
        return charge

    # --- API: status and refunds ------------------------------------------------------------
    def retrieve(self, session_id: str) -> SandboxCharge:
        return SandboxCharge.objects.get(session_id=session_id)

    def refund(self, session_id: str, *, amount: int, idempotency_key: str) -> dict:
        with transaction.atomic():
            charge = SandboxCharge.objects.select_for_update().get(session_id=session_id)
            stored = charge.idempotency_keys.get(idempotency_key)
            if stored is None:
                if charge.status not in {
                    SandboxCharge.Status.SUCCEEDED,
                    SandboxCharge.Status.PARTIALLY_REFUNDED,
                }:
                    raise ValueError("charge is not refundable")
                if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
                    raise ValueError("amount must be a positive integer number of yen")
                if charge.refunded + amount > charge.amount:
                    raise ValueError("refund exceeds the charge")
                charge.refunded += amount
                charge.status = (
                    SandboxCharge.Status.REFUNDED
                    if charge.refunded == charge.amount
                    else SandboxCharge.Status.PARTIALLY_REFUNDED
                )
                stored = {"refund_id": "re_test_" + secrets.token_hex(12), "amount": amount}
                charge.idempotency_keys = {**charge.idempotency_keys, idempotency_key: stored}
                charge.refund_log = [
                    *charge.refund_log,
                    {"id": stored["refund_id"], "amount": amount, "at": timezone.now().isoformat()},
                ]
                charge.save()
        self._maybe_time_out("refund")
        return stored

    # --- API: the daily settlement file -----------------------------------------------------
    def settlement_file(self, day: datetime.date) -> str:
        """精算データ: each capture and refund of one JST day, one line each, then a total line."""
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=JST)
        end = start + datetime.timedelta(days=1)
        rows: list[list] = []
        for charge in SandboxCharge.objects.filter(captured_at__gte=start, captured_at__lt=end):
            assert charge.captured_at is not None  # the filter above
            rows.append(
                [
                    "capture",
                    charge.charge_id,
                    charge.merchant_reference,
                    charge.method,
                    charge.amount,
                    charge.captured_at.isoformat(),
                ]
            )
        for charge in SandboxCharge.objects.exclude(refund_log=[]):
            for refund in charge.refund_log:
                at = datetime.datetime.fromisoformat(refund["at"])
                if start <= at < end:
                    rows.append(
                        [
                            "refund",
                            refund["id"],
                            charge.merchant_reference,
                            charge.method,
                            -refund["amount"],
                            refund["at"],
                        ]
                    )
        rows.sort(key=lambda row: str(row[5]))
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(SETTLEMENT_HEADER)
        writer.writerows(rows)
        writer.writerow(["total", "", "", "", sum(row[4] for row in rows), day.isoformat()])
        return buffer.getvalue()

    # --- webhooks ---------------------------------------------------------------------------
    def _event(self, charge: SandboxCharge, event_type: str) -> dict:
        return {
            "id": "evt_test_" + secrets.token_hex(12),
            "type": event_type,
            "created": int(time.time()),
            "data": {
                "session_id": charge.session_id,
                "charge_id": charge.charge_id,
                "merchant_reference": charge.merchant_reference,
                "amount": charge.amount,
                "currency": "jpy",
                "failure_code": charge.failure_code,
                "method": charge.method,
                "instructions": charge.instructions,
            },
        }

    def deliver(self, event: dict) -> int:
        """POST the signed event to the city's webhook endpoint (in-process); returns the status."""
        body = json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()
        result = receive_webhook(SandboxProvider.code, body, {SIGNATURE_HEADER: sign(body)})
        return result.status

    def redeliver_pending(self) -> int:
        """The gateway's retry of webhooks whose delivery timed out. Returns how many were sent."""
        sent = 0
        for charge in SandboxCharge.objects.exclude(pending_webhooks=[]):
            events, charge.pending_webhooks = charge.pending_webhooks, []
            charge.save(update_fields=["pending_webhooks"])
            for event in events:
                self.deliver(event)
                sent += 1
        return sent


gateway = SandboxGateway()


class SandboxProvider:
    """The city's adapter to the sandbox gateway."""

    code = "sandbox"

    def start(self, payment, *, return_url: str) -> Redirect:
        if payment.provider_payment_id:  # an open checkout is reused: one payment, one charge
            existing = SandboxCharge.objects.filter(
                session_id=payment.provider_payment_id, status=SandboxCharge.Status.OPEN
            ).first()
            if existing is not None:
                return Redirect(reverse("delivery:sandbox_checkout", args=[existing.session_id]))
        session = gateway.create_session(
            merchant_reference=payment.reference, amount=payment.amount, return_url=return_url
        )
        payment.provider_payment_id = session.session_id
        return Redirect(reverse("delivery:sandbox_checkout", args=[session.session_id]))

    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        header = _header(headers, SIGNATURE_HEADER)
        if not header:
            raise WebhookRejected("missing signature header", code="no_signature")
        try:
            parts = dict(item.split("=", 1) for item in header.split(","))
            timestamp = int(parts["t"])
            given = parts["v1"]
        except (KeyError, ValueError):
            raise WebhookRejected("malformed signature header", code="bad_signature") from None
        expected = sign(body, timestamp=timestamp).split("v1=", 1)[1]
        if not hmac.compare_digest(expected, given):
            raise WebhookRejected("signature does not match", code="bad_signature")
        if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
            raise WebhookRejected("signature timestamp outside tolerance", code="stale")
        try:
            payload = json.loads(body)
            data = payload["data"]
            return WebhookEvent(
                id=payload["id"],
                type=payload["type"],
                merchant_reference=data["merchant_reference"],
                provider_payment_id=data.get("session_id", ""),
                amount=data.get("amount"),
                failure_code=data.get("failure_code", ""),
                data=data,
            )
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("malformed body", code="bad_body") from None

    def fetch_status(self, payment) -> ProviderStatus:
        charge = gateway.retrieve(payment.provider_payment_id)
        return ProviderStatus(
            status=charge.status,
            provider_payment_id=charge.session_id,
            amount=charge.amount,
            refunded=charge.refunded,
            failure_code=charge.failure_code,
        )

    def refund(self, payment, *, amount: int, idempotency_key: str) -> RefundResult:
        result = gateway.refund(payment.provider_payment_id, amount=amount, idempotency_key=idempotency_key)
        return RefundResult(refund_id=result["refund_id"], amount=result["amount"])

    def settlement_file(self, day: datetime.date) -> str:
        return gateway.settlement_file(day)


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted or key.lower() == "http_" + wanted.replace("-", "_"):
            return value
    return ""
