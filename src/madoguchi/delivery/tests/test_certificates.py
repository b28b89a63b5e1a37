"""Issue 25: certificate requests paid online — the fee from the ordinance, payment in the sandbox
(card, Pay-easy, konbini), issue by post with a tracking number or as a signed PDF, refunds after
a rejection, replayed notifications, the receipt PDF, exemptions, postal requests with 定額小為替
and the daily settlement file reconciled."""

import json
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from madoguchi.applications import services as applications
from madoguchi.core.events import events_for
from madoguchi.core.models import Channel, Department, StaffRole
from madoguchi.core.tests.factories import PersonFactory, staff_member
from madoguchi.delivery import services
from madoguchi.delivery.models import (
    DocumentKind,
    FeeExemption,
    IssuedDocument,
    Mailing,
    Payment,
    PaymentRefund,
    PaymentState,
    SandboxCharge,
)
from madoguchi.delivery.payments.komoju import KomojuProvider
from madoguchi.delivery.payments.sandbox import SIGNATURE_HEADER, gateway, sign
from madoguchi.procedures.services import load_certificate_procedures

R = StaffRole.Role
pytestmark = pytest.mark.django_db

REQUESTER = {
    "full_name": "国分　花子",
    "full_name_kana": "コクブ　ハナコ",
    "birth_date": "1980-04-01",
    "postal_code": "185-0012",
    "address": "東京都国分寺市本町二丁目1番1号",
    "phone": "042-325-0111",
    "relationship": "本人",
}


def answers(copies=2, exemption="免除を申請しない", delivery="郵送（住民登録の住所）", request=None):
    return {
        "requester": REQUESTER,
        "request": request or {"scope": "世帯全員", "copies": copies, "purpose": "勤務先への提出"},
        "receiving": {"delivery": delivery, "exemption": exemption},
        "declarations": {"truthful": True},
    }


@pytest.fixture
def certificates(departments):
    return {p.code: p for p in load_certificate_procedures()}


@pytest.fixture
def hanako(city):
    return PersonFactory(
        family_name="国分",
        given_name="花子",
        postal_code="185-0012",
        address="東京都国分寺市本町二丁目1番1号",
    )


@pytest.fixture
def shimin_chief(departments):
    return staff_member(Department.objects.get(code="shimin"), R.REVIEW, R.APPROVAL, username="shimin-chief")


@pytest.fixture
def kaikei(departments):
    return staff_member(Department.objects.get(code="kaikei"), R.ACCOUNTING, username="kaikei-test")


def request_certificate(procedure, person, data):
    application = applications.submit_application(
        procedure, applicant=person, data=data, channel=Channel.ONLINE, by=None
    )
    return application


def pay_by_card(application):
    payment = services.payment_for_application(application, create=True)
    services.start_payment(payment, return_url="http://testserver/return")
    payment.refresh_from_db()
    gateway.pay(payment.provider_payment_id, card_number="4242424242424242")
    payment.refresh_from_db()
    return payment


def test_two_copies_cost_twice_the_unit_fee_and_are_mailed_with_tracking(certificates, hanako, shimin_chief):
    application = request_certificate(certificates["juminhyo-utsushi"], hanako, answers(copies=2))
    payment = pay_by_card(application)
    assert payment.amount == 600 and payment.state == PaymentState.CAPTURED and payment.method == "card"
    mailing = services.issue_certificate(application, by=shimin_chief, tracking_number="1234-5678-9012")
    assert isinstance(mailing, Mailing)
    assert (mailing.tracking_number, mailing.copies, mailing.address) == (
        "123456789012",
        2,
        "東京都国分寺市本町二丁目1番1号",
    )
    application.refresh_from_db()
    assert application.state == applications.State.COMPLETED
    assert [e.verb for e in events_for(mailing)] == ["certificate_mailed"]


def test_no_issue_before_the_fee_is_paid(certificates, hanako, shimin_chief):
    application = request_certificate(certificates["juminhyo-utsushi"], hanako, answers())
    with pytest.raises(ValidationError, match="600円"):
        services.issue_certificate(application, by=shimin_chief, tracking_number="123456789012")
    with pytest.raises(ValidationError, match="追跡番号"):
        services.issue_certificate(application, by=shimin_chief, tracking_number="12-34")
    assert not Mailing.objects.exists()


def test_an_exemption_is_issued_free_with_its_reason_recorded(certificates, hanako, shimin_chief):
    claimed = answers(copies=3, exemption="生活保護を受けている（保護の手続に使う）")
    application = request_certificate(certificates["juminhyo-utsushi"], hanako, claimed)
    assert services.fee_due(application) == 0
    with pytest.raises(ValidationError, match="免除"):
        services.issue_certificate(application, by=shimin_chief, tracking_number="123456789012")
    services.issue_certificate(
        application, by=shimin_chief, tracking_number="123456789012", exemption_reason="seikatsu_hogo"
    )
    exemption = FeeExemption.objects.get()
    assert (exemption.reason, exemption.amount_waived, exemption.recorded_by) == (
        "seikatsu_hogo",
        900,
        shimin_chief,
    )
    assert not Payment.objects.exists()


def test_a_rejected_request_is_refunded(
    certificates, hanako, shimin_chief, django_capture_on_commit_callbacks
):
    application = request_certificate(certificates["juminhyo-utsushi"], hanako, answers())
    payment = pay_by_card(application)
    with django_capture_on_commit_callbacks(execute=True):
        applications.reject(application, by=shimin_chief, reason="請求できる方ではありません")
    payment.refresh_from_db()
    assert payment.state == PaymentState.REFUNDED and payment.refunded_amount == 600
    assert PaymentRefund.objects.get().reason == "申請が却下されたため"
    assert SandboxCharge.objects.get(session_id=payment.provider_payment_id).refunded == 600


def test_a_notification_replayed_three_times_changes_the_payment_once(certificates, hanako):
    application = request_certificate(certificates["juminhyo-utsushi"], hanako, answers())
    payment = services.payment_for_application(application, create=True)
    services.start_payment(payment, return_url="http://testserver/return")
    payment.refresh_from_db()
    event = {
        "id": "evt_replayed",
        "type": "payment.succeeded",
        "data": {
            "session_id": payment.provider_payment_id,
            "merchant_reference": payment.reference,
            "amount": 600,
            "method": "card",
        },
    }
    body = json.dumps(event).encode()
    statuses = [
        services.receive_webhook("sandbox", body, {SIGNATURE_HEADER: sign(body)}).status for _ in range(3)
    ]
    assert statuses == [200, 200, 200]
    payment.refresh_from_db()
    captured = [e for e in events_for(payment) if e.verb == "payment_captured"]
    assert payment.state == PaymentState.CAPTURED and len(captured) == 1


def test_the_receipt_pdf_shows_the_amount(certificates, hanako, tmp_path):
    application = request_certificate(certificates["juminhyo-utsushi"], hanako, answers(copies=2))
    payment = pay_by_card(application)
    path = tmp_path / "receipt.pdf"
    path.write_bytes(services.receipt_pdf(payment))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "領収書" in text and "600円" in text and payment.reference in text


def test_payeasy_and_konbini_numbers_then_paid(certificates, hanako):
    application = request_certificate(certificates["juminhyo-utsushi"], hanako, answers(copies=1))
    payment = services.payment_for_application(application, create=True)
    services.start_payment(payment, return_url="http://testserver/return")
    payment.refresh_from_db()
    gateway.choose_offline(payment.provider_payment_id, method="payeasy")
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING and payment.method == "payeasy"
    assert payment.instructions["biller_number"] and len(payment.instructions["confirmation_number"]) == 6
    gateway.pay_offline(payment.provider_payment_id)
    payment.refresh_from_db()
    assert payment.state == PaymentState.CAPTURED
    with pytest.raises(ValueError):
        gateway.choose_offline(payment.provider_payment_id, method="konbini", store="nowhere")


def test_the_days_settlement_file_matches_and_a_lost_notification_is_listed(
    certificates, hanako, shimin_chief, kaikei, django_capture_on_commit_callbacks
):
    paid = request_certificate(certificates["juminhyo-utsushi"], hanako, answers(copies=2))
    pay_by_card(paid)
    refunded = request_certificate(
        certificates["koseki-fuhyo"],
        hanako,
        answers(
            copies=1,
            request={
                "honseki": "東京都国分寺市泉町二丁目2番地",
                "hitto_sha": "国分　太郎",
                "copies": 1,
                "purpose": "相続",
            },
        ),
    )
    pay_by_card(refunded)
    with django_capture_on_commit_callbacks(execute=True):
        applications.reject(refunded, by=shimin_chief, reason="本籍が違います")
    day = timezone.localdate()
    result = services.fetch_and_reconcile(day=day, provider="sandbox", by=kaikei)
    assert result.is_matched and result.matched == 3 and result.settlement_total == 600 == result.city_total
    # The gateway charged a payment whose notification never reached the city.
    lost = request_certificate(certificates["juminhyo-utsushi"], hanako, answers(copies=1))
    payment = services.payment_for_application(lost, create=True)
    services.start_payment(payment, return_url="http://testserver/return")
    payment.refresh_from_db()
    gateway.pay(payment.provider_payment_id, card_number="4000000000000408")  # webhook times out
    result = services.fetch_and_reconcile(day=day, provider="sandbox", by=kaikei)
    assert not result.is_matched
    assert result.discrepancies == [
        {"kind": "only_in_settlement", "reference": payment.reference, "settlement": 300, "city": None}
    ]


def test_reconciliation_needs_the_accounting_role(shimin_chief):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.fetch_and_reconcile(day=timezone.localdate(), provider="sandbox", by=shimin_chief)


def test_a_tax_certificate_may_be_issued_as_a_signed_pdf(certificates, hanako, shimin_chief):
    request = {"fiscal_year": "令和8年度（令和7年中の所得）", "copies": 1, "purpose": "保育園の申込み"}
    application = request_certificate(
        certificates["kazei-shomei"], hanako, answers(delivery="電子交付（PDF）", request=request)
    )
    pay_by_card(application)
    document = services.issue_certificate(application, by=shimin_chief)
    assert isinstance(document, IssuedDocument) and document.kind == DocumentKind.CERTIFICATE
    assert bytes(document.pdf).startswith(b"%PDF")


def test_a_postal_request_with_postal_orders(certificates, hanako, shimin_chief):
    with pytest.raises(ValidationError, match="定額小為替"):
        services.register_postal_request(
            "juminhyo-utsushi",
            applicant=hanako,
            data=answers(copies=2),
            by=shimin_chief,
            postal_order_amount=300,
        )
    application = services.register_postal_request(
        "juminhyo-utsushi", applicant=hanako, data=answers(copies=2), by=shimin_chief, postal_order_amount=600
    )
    assert application.channel == Channel.POSTAL
    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.provider, payment.state) == (
        600,
        "postal_order",
        "postal_order",
        PaymentState.CAPTURED,
    )
    public_body = services.register_postal_request(
        "juminhyo-utsushi",
        applicant=hanako,
        data=answers(copies=1),
        by=shimin_chief,
        postal_order_amount=0,
        exemption_reason="public_body",
        exemption_note="国分寺税務署からの公用請求",
    )
    assert services.exemption_of(public_body).reason == "public_body"


def test_komoju_notifications_are_checked_by_their_hmac(settings):
    import hashlib
    import hmac

    settings.MADOGUCHI_KOMOJU_SECRET_KEY = "sk_test"
    settings.MADOGUCHI_KOMOJU_WEBHOOK_SECRET = "whsec"
    body = json.dumps(
        {
            "id": "evt1",
            "type": "payment.captured",
            "data": {
                "id": "pay1",
                "external_order_num": "PAY-1",
                "amount": 600,
                "payment_details": {
                    "type": "pay_easy",
                    "bank_id": "58091",
                    "customer_id": "1",
                    "confirmation_id": "2",
                },
            },
        }
    ).encode()
    good = hmac.new(b"whsec", body, hashlib.sha256).hexdigest()
    event = KomojuProvider().verify_webhook(body, {"X-Komoju-Signature": good})
    assert (event.type, event.merchant_reference, event.amount, event.data["method"]) == (
        "payment.succeeded",
        "PAY-1",
        600,
        "payeasy",
    )
    from madoguchi.delivery.payments import WebhookRejected

    with pytest.raises(WebhookRejected):
        KomojuProvider().verify_webhook(body, {"X-Komoju-Signature": "0" * 64})
