"""Electronic delivery and fee payment: the public entry point of the delivery app (`__all__`).

The operations live beside what they work on, and are the only place that changes state:

    documents/issuing.py        issue (render → sign → store → Event → notice), revoke, verify
    payments/fees.py            create, start (hosted checkout), receive webhooks, sync, refund
    payments/reconciliation.py  the daily report of fees captured and refunded, for accounting
    payments/settlement.py      the provider's daily settlement file checked against the city's records
    payments/receipt.py         領収書 (PDF)
    certificates/issuing.py     certificate requests: issue by post or PDF, exemptions, postal requests

Event verbs are `delivery.events.Verb`. Other apps, and this app's views, import this module.
"""

from __future__ import annotations

from . import retention
from .certificates.issuing import (
    exemption_of,
    is_certificate_request,
    issue_certificate,
    paid_amount,
    quote_for,
    record_exemption,
    register_postal_request,
)
from .documents.issuing import (
    DAMAGE_LEVELS,
    Verdict,
    Verification,
    access_document,
    city_or_demo,
    demo_city,
    documents_on_approval,
    issue_document,
    issue_for_application,
    may_download,
    next_document_number,
    normalize_number,
    revoke_document,
    risai_context,
    verify_number,
    verify_pdf,
)
from .events import Verb
from .models import DocumentKind
from .payments.fees import (
    WebhookResult,
    access_payment,
    create_payment,
    ensure_fee_due,
    fee_due,
    payment_for_application,
    receive_webhook,
    refund_payment,
    start_payment,
    sync_payment,
    sync_pending_payments,
)
from .payments.receipt import receipt_pdf
from .payments.reconciliation import RECONCILIATION_HEADER, reconciliation_csv, reconciliation_rows
from .payments.settlement import (
    DISCREPANCY_LABELS,
    fetch_and_reconcile,
    parse_settlement,
    reconcile_settlement,
)

__all__ = [
    "retention",
    "Verb",
    "DocumentKind",
    # documents
    "DAMAGE_LEVELS",
    "Verdict",
    "Verification",
    "access_document",
    "city_or_demo",
    "demo_city",
    "documents_on_approval",
    "issue_document",
    "issue_for_application",
    "may_download",
    "next_document_number",
    "normalize_number",
    "revoke_document",
    "risai_context",
    "verify_number",
    "verify_pdf",
    # payments
    "WebhookResult",
    "access_payment",
    "create_payment",
    "ensure_fee_due",
    "fee_due",
    "receipt_pdf",
    "payment_for_application",
    "receive_webhook",
    "refund_payment",
    "start_payment",
    "sync_payment",
    "sync_pending_payments",
    # reconciliation
    "RECONCILIATION_HEADER",
    "reconciliation_csv",
    "reconciliation_rows",
    # settlement file (精算データ)
    "DISCREPANCY_LABELS",
    "fetch_and_reconcile",
    "parse_settlement",
    "reconcile_settlement",
    # certificate requests
    "exemption_of",
    "is_certificate_request",
    "issue_certificate",
    "paid_amount",
    "quote_for",
    "record_exemption",
    "register_postal_request",
]
