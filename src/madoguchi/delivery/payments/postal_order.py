"""定額小為替 (postal money orders) enclosed with a postal certificate request: no gateway.

Staff record the amount when they register the request (certificates/issuing.py); a refund is
paid back by the city itself (returned by post or transferred), so `refund` only gives it a number.
"""

from __future__ import annotations

import secrets

from .base import PaymentError, ProviderStatus, RefundResult, WebhookRejected


class PostalOrderProvider:
    code = "postal_order"

    def start(self, payment, *, return_url: str):
        raise PaymentError("定額小為替 are paid by post, not online", code="not_online")

    def verify_webhook(self, body: bytes, headers):
        raise WebhookRejected("no webhooks for postal orders", code="no_webhooks")

    def fetch_status(self, payment) -> ProviderStatus:
        return ProviderStatus(status="succeeded", amount=payment.amount, refunded=payment.refunded_amount)

    def refund(self, payment, *, amount: int, idempotency_key: str) -> RefundResult:
        return RefundResult(refund_id="po_refund_" + secrets.token_hex(8), amount=amount)

    def settlement_file(self, day) -> str:
        return ""
