"""Demo data for delivery (order 60): the city's signing key and one sample 罹災証明書."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from madoguchi.identity import pki

from .models import IssuedDocument
from .samples import sample_risai_certificate


def load_demo(say) -> None:
    pki.ensure_test_pki()
    if IssuedDocument.objects.filter(is_demo=True).exists():
        say("電子交付: 見本の罹災証明書は作成済み")
        return
    try:
        document = sample_risai_certificate(is_demo=True)
    except ImproperlyConfigured as exc:
        say(f"電子交付: 見本の証明書を作れませんでした（{exc}）")
        return
    say(f"電子交付: 見本の罹災証明書 {document.number}（/verify/{document.number}）")
