"""Fee payment: a PaymentProvider interface, a registry, the sandbox gateway, a real-gateway skeleton."""

from .base import (
    PaymentError,
    PaymentProvider,
    PaymentTimeout,
    ProviderStatus,
    Redirect,
    RefundResult,
    WebhookEvent,
    WebhookRejected,
)
from .registry import current_provider, providers

__all__ = [
    "PaymentError",
    "PaymentProvider",
    "PaymentTimeout",
    "ProviderStatus",
    "Redirect",
    "RefundResult",
    "WebhookEvent",
    "WebhookRejected",
    "current_provider",
    "providers",
]
