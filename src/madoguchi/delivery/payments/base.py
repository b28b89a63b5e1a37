"""What every payment provider (決済事業者) offers the city.

The city never sees a card number: the resident pays on the provider's hosted checkout page,
the provider tells the city the outcome in a signed webhook, and the city can ask for the status
(when a webhook is late) and refund. Amounts are whole yen in both directions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


class PaymentError(Exception):
    """The provider refused or could not do what was asked."""

    def __init__(self, message: str, *, code: str = "error"):
        super().__init__(message)
        self.code = code


class PaymentTimeout(PaymentError):
    """The provider did not answer in time; the same call may be retried with the same key."""


class WebhookRejected(PaymentError):
    """A webhook that is not provably from the provider (bad or missing signature, too old)."""


@dataclass(frozen=True)
class Redirect:
    url: str


@dataclass(frozen=True)
class WebhookEvent:
    id: str  # the provider's event id, unique: replays carry the same one
    type: str  # payment.succeeded | payment.failed | payment.awaiting | refund.succeeded
    merchant_reference: str  # our Payment.reference
    provider_payment_id: str = ""
    amount: int = 0
    failure_code: str = ""
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderStatus:
    status: str  # open | succeeded | failed | refunded | partially_refunded
    provider_payment_id: str = ""
    amount: int = 0
    refunded: int = 0
    failure_code: str = ""


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    amount: int


class PaymentProvider(Protocol):
    code: str

    def start(self, payment, *, return_url: str) -> Redirect:
        """Open a hosted checkout for `payment`; return where to send the resident."""

    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """Check the webhook's signature and age; raise WebhookRejected when it does not hold."""

    def fetch_status(self, payment) -> ProviderStatus:
        """Ask the provider where `payment` stands (for late or lost webhooks)."""

    def refund(self, payment, *, amount: int, idempotency_key: str) -> RefundResult:
        """Refund `amount` yen; repeating the same idempotency key refunds once."""

    def settlement_file(self, day) -> str:
        """The provider's settlement file (精算データ) for one JST day, as the CSV of
        payments/settlement.py (an adapter converts its provider's own format)."""
