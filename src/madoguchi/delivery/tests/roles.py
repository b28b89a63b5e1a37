"""Role-matrix cases for documents and fees (tests/quality/roles.py)."""

import hashlib

from django.utils import timezone
from tests.quality.roles import Decision, decision, refusal_of, staff_client

from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
from madoguchi.delivery import services
from madoguchi.delivery.models import DocumentKind, IssuedDocument, Payment
from madoguchi.delivery.payments import sandbox
from madoguchi.delivery.payments.sandbox import gateway

FEE_CODE = "role-matrix-fee"  # the reconciliation shows the fee under this procedure code


def _bosai():
    return DepartmentFactory(code="bosai", name="防災安全課")


def paid_fee():
    payment = services.create_payment(
        amount=300,
        procedure_code=FEE_CODE,
        procedure_name="罹災証明書の発行申請",
        timing=Payment.Timing.BEFORE_SUBMIT,
        person=PersonFactory(),
        department=_bosai(),
    )
    services.start_payment(payment, return_url="http://testserver/back")
    payment.refresh_from_db()
    gateway.pay(payment.provider_payment_id, card_number=sandbox.CARD_SUCCESS)
    payment.refresh_from_db()
    assert payment.is_paid
    return payment


@decision("document.manage")
def revoke_a_certificate():
    # The row as issue_document leaves it (the signed PDF is beside the point of who may revoke).
    pdf = b"%PDF-1.4\n%role-matrix\n%%EOF\n"
    document = IssuedDocument.objects.create(
        number="R8-RS-000001-ROLE",
        kind=DocumentKind.RISAI,
        title="罹災証明書",
        person=PersonFactory(),
        department=_bosai(),
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_at=timezone.now(),
    )
    return Decision(
        department=document.department,
        perform=lambda user: services.revoke_document(document, by=user, reason="記載誤りのため再交付"),
        effect=lambda: IssuedDocument.objects.get(pk=document.pk).revoked_at,
    )


@decision("payment.refund")
def refund_a_fee():
    payment = paid_fee()
    return Decision(
        department=payment.department,
        perform=lambda user: services.refund_payment(payment, by=user, reason="二重申請のため"),
        effect=lambda: Payment.objects.get(pk=payment.pk).refunded_amount,
    )


@decision("payment.reconcile")
def read_the_days_takings():
    paid_fee()
    seen = []  # what reached the reader: the reconciliation writes nothing, it shows the takings

    def perform(user):
        day = timezone.localdate().isoformat()
        response = refusal_of(
            staff_client(user).get(f"/delivery/staff/reconciliation/?date={day}"), ok=(200,)
        )
        if FEE_CODE in response.content.decode():
            seen.append(FEE_CODE)

    return Decision(
        department=_bosai(),
        perform=perform,
        effect=lambda: list(seen),
        city_wide=True,  # the city's takings: 会計 in any department reads them
    )
