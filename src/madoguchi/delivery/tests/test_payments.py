"""Fee payment through the sandbox card gateway: hosted checkout, signed webhooks, idempotent
capture, declines, timeouts, refunds, whole yen only, and the daily reconciliation CSV."""

import csv
import datetime
import io
import json
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from madoguchi.core.events import events_for
from madoguchi.delivery import services
from madoguchi.delivery.models import Payment, PaymentState, SandboxCharge
from madoguchi.delivery.payments import sandbox
from madoguchi.delivery.payments.sandbox import SIGNATURE_HEADER, gateway, sign
from madoguchi.identity.testing import login_resident, login_staff


@pytest.fixture
def fee(resident, bosai):
    return services.create_payment(
        amount=300,
        procedure_code="risai-shomei",
        procedure_name="罹災証明書の発行申請",
        timing=Payment.Timing.BEFORE_SUBMIT,
        person=resident,
        department=bosai,
    )


def pay(client, payment, card):
    """The resident's way through: pay button → hosted checkout → card → back to the city."""
    response = client.post(f"/delivery/payments/{payment.reference}/")
    assert response.status_code == 302
    checkout = response["Location"]
    assert "/sandbox-gateway/checkout/" in checkout
    assert client.get(checkout).status_code == 200
    response = client.post(checkout, {"card_number": card, "expiry": "12/30", "cvc": "123"})
    assert response.status_code == 302
    return client.get(response["Location"])


def captured_events(payment):
    return [e for e in events_for(payment) if e.verb == "payment_captured"]


def test_successful_card_payment(client, fee, resident):
    login_resident(client, resident)
    page = pay(client, fee, "4242 4242 4242 4242")
    fee.refresh_from_db()
    assert fee.state == PaymentState.CAPTURED and fee.is_paid
    assert fee.captured_at is not None
    assert "支払いが完了しました" in page.content.decode()
    assert [e.verb for e in events_for(fee)] == ["payment_created", "payment_started", "payment_captured"]


def test_declined_card(client, fee, resident):
    login_resident(client, resident)
    page = pay(client, fee, sandbox.CARD_DECLINED)
    fee.refresh_from_db()
    assert fee.state == PaymentState.DECLINED and fee.failure_code == "card_declined"
    assert "承認しませんでした" in page.content.decode()
    # the resident tries again with a good card: same payment, now captured
    pay(client, fee, sandbox.CARD_SUCCESS)
    fee.refresh_from_db()
    assert fee.state == PaymentState.CAPTURED


def test_insufficient_funds_is_a_decline(client, fee, resident):
    login_resident(client, resident)
    pay(client, fee, sandbox.CARD_INSUFFICIENT_FUNDS)
    fee.refresh_from_db()
    assert fee.state == PaymentState.DECLINED and fee.failure_code == "insufficient_funds"


def _success_webhook(payment, *, event_id="evt_test_1", amount=None, timestamp=None):
    body = json.dumps(
        {
            "id": event_id,
            "type": "payment.succeeded",
            "data": {
                "session_id": payment.provider_payment_id,
                "merchant_reference": payment.reference,
                "amount": payment.amount if amount is None else amount,
                "currency": "jpy",
            },
        }
    ).encode()
    return body, {SIGNATURE_HEADER: sign(body, timestamp=timestamp)}


def _post_webhook(client, body, headers):
    return client.post(
        "/delivery/webhooks/sandbox/",
        body,
        content_type="application/json",
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
    )


def test_replayed_webhook_does_not_capture_twice(client, fee):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    body, headers = _success_webhook(fee)
    assert _post_webhook(client, body, headers).status_code == 200
    replay = _post_webhook(client, body, headers)
    assert replay.status_code == 200 and b"duplicate" in replay.content
    # a second, different success event for the same payment changes nothing either
    body2, headers2 = _success_webhook(fee, event_id="evt_test_2")
    assert _post_webhook(client, body2, headers2).status_code == 200
    fee.refresh_from_db()
    assert fee.state == PaymentState.CAPTURED
    assert len(captured_events(fee)) == 1


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda body, headers: (body.replace(b"300", b"30"), headers), id="body-changed"),
        pytest.param(
            lambda body, headers: (body, {SIGNATURE_HEADER: sign(body, secret="wrong")}), id="wrong-secret"
        ),
        pytest.param(lambda body, headers: (body, {}), id="no-signature"),
        pytest.param(lambda body, headers: (body, {SIGNATURE_HEADER: "garbage"}), id="malformed"),
        pytest.param(
            lambda body, headers: (body, {SIGNATURE_HEADER: sign(body, timestamp=int(time.time()) - 3600)}),
            id="too-old",
        ),
    ],
)
def test_webhook_with_a_bad_signature_is_refused(client, fee, tamper):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    body, headers = tamper(*_success_webhook(fee))
    response = _post_webhook(client, body, headers)
    assert response.status_code == 400
    fee.refresh_from_db()
    assert fee.state == PaymentState.PENDING
    assert captured_events(fee) == []


def test_webhook_for_the_wrong_amount_does_not_capture(client, fee):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    assert _post_webhook(client, *_success_webhook(fee, amount=30)).status_code == 200
    fee.refresh_from_db()
    assert fee.state == PaymentState.FAILED and fee.failure_code == "amount_mismatch"


def test_webhook_with_a_fractional_amount_is_refused(client, fee):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    assert _post_webhook(client, *_success_webhook(fee, amount=300.5)).status_code == 400
    fee.refresh_from_db()
    assert fee.state == PaymentState.PENDING


def test_webhook_timeout_is_resolved_by_asking_the_gateway(client, fee, resident):
    login_resident(client, resident)
    page = pay(client, fee, sandbox.CARD_WEBHOOK_TIMEOUT)
    # the return page asks the gateway, because the webhook has not come
    fee.refresh_from_db()
    assert fee.state == PaymentState.CAPTURED
    assert "支払いが完了しました" in page.content.decode()
    # the gateway's retry of the late webhook arrives later: no second capture
    assert gateway.redeliver_pending() == 1
    assert len(captured_events(fee)) == 1


def test_pending_payments_are_swept_when_the_webhook_is_lost(fee):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    gateway.pay(fee.provider_payment_id, card_number=sandbox.CARD_WEBHOOK_TIMEOUT)
    assert Payment.objects.get(pk=fee.pk).state == PaymentState.PENDING
    Payment.objects.filter(pk=fee.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=10))
    assert services.sync_pending_payments() == 1
    assert Payment.objects.get(pk=fee.pk).state == PaymentState.CAPTURED


def test_double_submit_on_the_checkout_page_charges_once(fee):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    gateway.pay(fee.provider_payment_id, card_number=sandbox.CARD_SUCCESS)
    gateway.pay(fee.provider_payment_id, card_number=sandbox.CARD_SUCCESS)
    assert len(captured_events(fee)) == 1


def _paid(fee):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    gateway.pay(fee.provider_payment_id, card_number=sandbox.CARD_SUCCESS)
    fee.refresh_from_db()
    return fee


def test_full_refund(fee, bosai_chief):
    fee = _paid(fee)
    services.refund_payment(fee, by=bosai_chief, reason="二重申請のため")
    fee.refresh_from_db()
    assert fee.state == PaymentState.REFUNDED and fee.refunded_amount == 300
    assert SandboxCharge.objects.get(session_id=fee.provider_payment_id).refunded == 300
    assert events_for(fee).last().verb == "payment_refunded"


def test_partial_refund_then_the_rest(fee, bosai_chief):
    fee = _paid(fee)
    services.refund_payment(fee, by=bosai_chief, amount=100, reason="一部取下げ")
    fee.refresh_from_db()
    assert fee.state == PaymentState.PARTIALLY_REFUNDED and fee.refunded_amount == 100
    with pytest.raises(ValidationError):
        services.refund_payment(fee, by=bosai_chief, amount=201, reason="多すぎる")
    services.refund_payment(fee, by=bosai_chief, reason="残り")
    fee.refresh_from_db()
    assert fee.state == PaymentState.REFUNDED and fee.refunded_amount == 300


def test_refund_that_times_out_is_retried_without_refunding_twice(fee, bosai_chief):
    fee = _paid(fee)
    gateway.fail_next("refund")
    services.refund_payment(fee, by=bosai_chief, amount=100, reason="一部")
    assert SandboxCharge.objects.get(session_id=fee.provider_payment_id).refunded == 100
    fee.refresh_from_db()
    assert fee.refunded_amount == 100


def test_refund_needs_the_approval_role(fee, bosai_reviewer):
    fee = _paid(fee)
    with pytest.raises(PermissionDenied):
        services.refund_payment(fee, by=bosai_reviewer, reason="x")


def test_refund_page_for_staff(client, fee, bosai_chief):
    fee = _paid(fee)
    login_staff(client, bosai_chief)
    assert client.get(f"/delivery/payments/{fee.reference}/refund").status_code == 200
    response = client.post(f"/delivery/payments/{fee.reference}/refund", {"amount": "12.5", "reason": "x"})
    assert response.status_code == 200  # whole yen only: the form refuses 12.5
    fee.refresh_from_db()
    assert fee.refunded_amount == 0
    client.post(f"/delivery/payments/{fee.reference}/refund", {"amount": "", "reason": "全額"})
    fee.refresh_from_db()
    assert fee.state == PaymentState.REFUNDED


@pytest.mark.parametrize(
    "amount", [300.0, 300.5, "300", Decimal("300"), True, -1, 0, None, 10_000_001], ids=repr
)
def test_amounts_are_whole_yen_only(resident, amount):
    with pytest.raises(ValidationError):
        services.create_payment(
            amount=amount, procedure_code="x", timing=Payment.Timing.BEFORE_SUBMIT, person=resident
        )
    assert not Payment.objects.exists()


def test_refund_amounts_are_whole_yen_only(fee, bosai_chief):
    fee = _paid(fee)
    for amount in (1.5, "100", Decimal("100")):
        with pytest.raises(ValidationError):
            services.refund_payment(fee, by=bosai_chief, amount=amount, reason="x")
    fee.refresh_from_db()
    assert fee.refunded_amount == 0


def test_gateway_refuses_fractional_amounts_too(resident):
    with pytest.raises(ValueError):
        gateway.create_session(merchant_reference="PAY-X", amount=299.99, return_url="/")


def test_another_resident_cannot_open_the_payment(client, fee):
    from madoguchi.core.tests.factories import PersonFactory

    login_resident(client, PersonFactory())
    assert client.get(f"/delivery/payments/{fee.reference}/").status_code == 404


def test_daily_reconciliation_csv_by_procedure(fee, resident, bosai, bosai_chief):
    _paid(fee)
    other = services.create_payment(
        amount=450,
        procedure_code="kaigo-hihokensha-sho-saikofu",
        procedure_name="被保険者証の再交付",
        timing=Payment.Timing.AFTER_APPROVAL,
        person=resident,
        department=bosai,
    )
    other = _paid(other)
    services.refund_payment(other, by=bosai_chief, amount=50, reason="x")
    today = timezone.localdate()
    rows = list(csv.reader(io.StringIO(services.reconciliation_csv(today).lstrip("\ufeff"))))
    assert rows[0] == services.RECONCILIATION_HEADER
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["risai-shomei"][3:] == ["1", "300", "0", "0", "300"]
    assert by_code["kaigo-hihokensha-sho-saikofu"][3:] == ["1", "450", "1", "50", "400"]
    assert by_code["合計"][3:] == ["2", "750", "1", "50", "700"]
    # nothing on another day
    assert (
        len(list(csv.reader(io.StringIO(services.reconciliation_csv(today - datetime.timedelta(days=3))))))
        == 2
    )


def test_reconciliation_is_for_accounting_not_for_any_approver(client, fee, bosai_chief):
    """The city's takings across departments are 会計's to reconcile; 決裁 of one division is not."""
    _paid(fee)
    login_staff(client, bosai_chief)
    day = timezone.localdate().isoformat()
    response = client.get("/delivery/staff/reconciliation/", {"date": day, "format": "csv"})
    assert response.status_code == 403 and "risai-shomei" not in response.content.decode("utf-8-sig")


def test_reconciliation_download_for_staff(client, fee):
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member

    _paid(fee)
    login_staff(client, staff_member(DepartmentFactory(code="kaikei"), StaffRole.Role.ACCOUNTING))
    day = timezone.localdate().isoformat()
    response = client.get("/delivery/staff/reconciliation/", {"date": day, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "risai-shomei" in response.content.decode("utf-8-sig")
    assert client.get("/delivery/staff/reconciliation/", {"date": day}).status_code == 200


def test_reconcile_command_writes_the_csv(fee, tmp_path):
    from django.core.management import call_command

    _paid(fee)
    out = tmp_path / "r.csv"
    call_command("payments", "reconcile", "--date", timezone.localdate().isoformat(), "--out", str(out))
    assert "risai-shomei" in out.read_text(encoding="utf-8")


def test_one_open_payment_per_application_subject(resident, bosai):
    first = services.create_payment(
        amount=300, procedure_code="x", timing=Payment.Timing.BEFORE_SUBMIT, person=resident, subject=resident
    )
    second = services.create_payment(
        amount=300, procedure_code="x", timing=Payment.Timing.BEFORE_SUBMIT, person=resident, subject=resident
    )
    assert first.pk == second.pk


def test_pressing_pay_twice_reuses_the_open_checkout(fee):
    first = services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    second = services.start_payment(fee, return_url="http://testserver/back")
    assert first.url == second.url
    assert SandboxCharge.objects.count() == 1


def test_paying_again_after_a_late_webhook_is_refused(fee):
    services.start_payment(fee, return_url="http://testserver/back")
    fee.refresh_from_db()
    gateway.pay(fee.provider_payment_id, card_number=sandbox.CARD_WEBHOOK_TIMEOUT)
    with pytest.raises(ValidationError):
        services.start_payment(Payment.objects.get(pk=fee.pk), return_url="http://testserver/back")
    assert Payment.objects.get(pk=fee.pk).state == PaymentState.CAPTURED
