"""A fee is created and paid only when the application owes it (issue 14, item 8d): an
"after_approval" fee not for a draft or a case under review, no fee for a withdrawn application,
no fee for a procedure without one; a "before_submit" fee stays the draft's last step."""

import pytest
from django.core.exceptions import ValidationError

from madoguchi.applications import services as applications
from madoguchi.delivery import services
from madoguchi.delivery.models import Payment, PaymentState, SandboxCharge
from madoguchi.identity.testing import login_resident, resident_user

from .test_applications import RISAI_DATA, chief, risai  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def with_fee(procedure, amount, timing):
    procedure.fee, procedure.payment_timing = amount, timing
    procedure.save(update_fields=["fee", "payment_timing"])
    return procedure


def test_a_draft_cannot_get_an_after_approval_fee(client, risai, resident):  # noqa: F811
    with_fee(risai, 450, "after_approval")
    draft = applications.start_application(risai, applicant=resident, by=resident_user(resident))
    login_resident(client, resident)
    response = client.get(f"/delivery/applications/{draft.public_id}/payment", follow=True)
    assert "この申請はまだ提出されていません" in response.content.decode()
    assert not Payment.objects.exists()
    with pytest.raises(ValidationError) as info:
        services.payment_for_application(draft, create=True)
    assert "承認された後" in info.value.messages[0]
    assert not Payment.objects.exists()


def test_a_case_under_review_does_not_owe_its_after_approval_fee_yet(risai, resident, chief):  # noqa: F811
    with_fee(risai, 450, "after_approval")
    application = applications.submit_application(
        risai,
        applicant=resident,
        data=RISAI_DATA,
        channel="counter",
        by=chief,
        documents_received=["higai-shashin"],
    )
    with pytest.raises(ValidationError, match="承認された後"):
        services.payment_for_application(application, create=True)
    assert not Payment.objects.exists()


def test_no_fee_for_a_procedure_without_one(risai, resident, chief):  # noqa: F811
    with_fee(risai, 0, "")
    application = applications.submit_application(
        risai,
        applicant=resident,
        data=RISAI_DATA,
        channel="counter",
        by=chief,
        documents_received=["higai-shashin"],
    )
    with pytest.raises(ValidationError, match="手数料はありません"):
        services.create_payment(
            amount=300, procedure_code=risai.code, timing="before_submit", subject=application
        )
    assert not Payment.objects.exists()


def test_a_withdrawn_draft_gets_no_fee(risai, resident):  # noqa: F811
    with_fee(risai, 300, "before_submit")
    user = resident_user(resident)
    draft = applications.start_application(risai, applicant=resident, by=user)
    applications.withdraw(draft, by=user)
    with pytest.raises(ValidationError, match="取り下げ・却下"):
        services.payment_for_application(draft, create=True)
    assert not Payment.objects.exists()


def test_payment_cannot_start_once_the_application_is_withdrawn(client, risai, resident):  # noqa: F811
    with_fee(risai, 300, "before_submit")
    user = resident_user(resident)
    draft = applications.start_application(risai, applicant=resident, by=user)
    payment = services.payment_for_application(draft, create=True)  # the draft's own last step: allowed
    assert payment.state == PaymentState.CREATED
    applications.withdraw(draft, by=user)
    with pytest.raises(ValidationError, match="取り下げ・却下"):
        services.start_payment(payment, return_url="http://testserver/back")
    login_resident(client, resident)
    page = client.post(f"/delivery/payments/{payment.reference}/", follow=True)
    assert "取り下げ・却下された申請の手数料はお支払いいただけません" in page.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentState.CREATED and not payment.provider_payment_id
    assert not SandboxCharge.objects.exists()


def test_the_draft_still_pays_its_before_submit_fee(risai, resident):  # noqa: F811
    with_fee(risai, 300, "before_submit")
    draft = applications.start_application(risai, applicant=resident, by=resident_user(resident))
    payment = services.payment_for_application(draft, create=True)
    redirect = services.start_payment(payment, return_url="http://testserver/back")
    assert "/sandbox-gateway/checkout/" in redirect.url
