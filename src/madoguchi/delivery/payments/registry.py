"""Payment providers by code; settings.MADOGUCHI_PAYMENT_PROVIDER chooses the one in use."""

from __future__ import annotations

from django.conf import settings

from madoguchi.core.registry import Registry

from .base import PaymentProvider

providers: Registry[PaymentProvider] = Registry("payment provider")


def current_provider() -> PaymentProvider:
    return providers.get(getattr(settings, "MADOGUCHI_PAYMENT_PROVIDER", "sandbox"))
