"""開示請求 (disclosure): the documents issued to one resident and their payments, for privacy's
export (the PDF itself is not repeated: the resident downloads it from the document page)."""

from __future__ import annotations

from .models import IssuedDocument, Payment


def records_of(person) -> dict[str, list[dict]]:
    return {
        "issued_documents": [
            {
                "number": d.number,
                "kind": d.kind,
                "title": d.title,
                "receipt_number": d.receipt_number,
                "issued_at": d.issued_at,
                "revoked_at": d.revoked_at,
            }
            for d in IssuedDocument.objects.filter(person=person).order_by("pk")
        ],
        "payments": [
            {
                "reference": p.reference,
                "procedure": p.procedure_name or p.procedure_code,
                "receipt_number": p.receipt_number,
                "amount": p.amount,
                "refunded_amount": p.refunded_amount,
                "state": p.state,
                "captured_at": p.captured_at,
            }
            for p in Payment.objects.filter(person=person).order_by("pk")
        ],
    }
