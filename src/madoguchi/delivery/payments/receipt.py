"""領収書 (receipt) as PDF for a paid fee: the amount, what it was for, how and when it was paid."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from madoguchi.core.japanese import format_wareki

from ..documents import render
from ..documents.issuing import city_or_demo
from ..models import Payment


def receipt_pdf(payment: Payment) -> bytes:
    """The receipt of a paid (or refunded) fee; ValidationError while nothing has been paid."""
    if payment.captured_at is None:
        raise ValidationError(_("支払いが済んでいないため、領収書はまだ発行できません。"))
    city = city_or_demo()
    with translation.override("ja"):  # a receipt is an official paper: in Japanese
        paid_on = format_wareki(payment.captured_at)
    context = {
        "title": "領収書",
        "number": payment.reference,
        "city": city,
        "payment": payment,
        "payer_name": payment.person.full_name if payment.person else "",
        "amount": f"{payment.amount:,}",
        "method": payment.get_method_display() if payment.method else "",
        "paid_on_wareki": paid_on,
        "issued_on_wareki": paid_on,
    }
    return render.render_pdf("delivery/documents/ryoshusho.html", context)
