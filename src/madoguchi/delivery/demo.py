"""Demo data for delivery (order 60): the city's signing key and one sample 罹災証明書."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .models import IssuedDocument


def load_demo(say) -> None:
    try:
        from madoguchi.identity import pki

        pki.ensure_test_pki()
    except ImportError:
        say("電子交付: 署名鍵（identity.pki）がないため見本の証明書は作りません")
        return
    if IssuedDocument.objects.filter(is_demo=True).exists():
        say("電子交付: 見本の罹災証明書は作成済み")
        return
    from .samples import sample_risai_certificate

    try:
        document = sample_risai_certificate(is_demo=True)
    except ImproperlyConfigured as exc:
        say(f"電子交付: 見本の証明書を作れませんでした（{exc}）")
        return
    say(f"電子交付: 見本の罹災証明書 {document.number}（/verify/{document.number}）")
