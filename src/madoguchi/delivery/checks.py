"""`madoguchi check --deploy`: warn when production would take fees through the sandbox gateway
or print a local address on documents."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def delivery_is_configured_for_production(app_configs, **kwargs):
    if not getattr(settings, "PRODUCTION", False):
        return []
    warnings = []
    if getattr(settings, "MADOGUCHI_PAYMENT_PROVIDER", "sandbox") == "sandbox":
        warnings.append(
            Warning(
                "Fees are taken by the sandbox card gateway (no real money moves).",
                hint="Set MADOGUCHI_PAYMENT_PROVIDER to a real provider (docs/payments.md).",
                id="madoguchi.delivery.W001",
            )
        )
    public = getattr(settings, "MADOGUCHI_PUBLIC_URL", "")
    if not public.startswith("https://") or "127.0.0.1" in public or "localhost" in public:
        warnings.append(
            Warning(
                "MADOGUCHI_PUBLIC_URL is not the city's public https address; documents print it in their QR code.",
                hint="Set MADOGUCHI_PUBLIC_URL=https://…",
                id="madoguchi.delivery.W002",
            )
        )
    return warnings
