"""What happens to issued documents and fee payments, as the Event verbs the delivery services
write.

The values are the Event records' `verb` (auditors and process mining read them): they never
change, only labels do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    DOCUMENT_ISSUED = "document_issued", _("文書の交付")
    DOCUMENT_REVOKED = "document_revoked", _("文書の失効")
    PAYMENT_CREATED = "payment_created", _("手数料の請求")
    PAYMENT_STARTED = "payment_started", _("支払いの開始")
    PAYMENT_CAPTURED = "payment_captured", _("収納")
    PAYMENT_DECLINED = "payment_declined", _("支払いの失敗")
    PAYMENT_AMOUNT_MISMATCH = "payment_amount_mismatch", _("収納額の不一致")
    PAYMENT_REFUNDED = "payment_refunded", _("返金")
    PAYMENT_AWAITING = "payment_awaiting", _("支払番号の発行")
    PAYMENT_RECEIVED_BY_POST = "payment_received_by_post", _("定額小為替の受領")
    FEE_EXEMPTED = "fee_exempted", _("手数料の免除")
    CERTIFICATE_MAILED = "certificate_mailed", _("証明書の郵送")
    SETTLEMENT_RECONCILED = "settlement_reconciled", _("精算データの照合")
