"""Delivery's part of the resident's マイページ (core.navigation.my_page_sources): the documents the
city issued to them and the fees waiting to be paid."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.navigation import MyPageItem

from .models import IssuedDocument, Payment, PaymentState


def items(person) -> list[MyPageItem]:
    mine = reverse("delivery:my_documents")
    lines = []
    if due := Payment.objects.filter(person=person, state=PaymentState.CREATED).count():
        lines.append(
            MyPageItem(_("お支払いを待っている手数料"), due, mine, _("お支払いの手続をしてください。"))
        )
    if documents := IssuedDocument.objects.filter(person=person).count():
        lines.append(MyPageItem(_("市から受け取った書類"), documents, mine))
    return lines
