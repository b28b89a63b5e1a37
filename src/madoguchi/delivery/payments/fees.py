"""Fee payments: create, start (hosted checkout), receive webhooks, sync, refund."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, Department, Person
from madoguchi.core.notifications import notify
from madoguchi.procedures import services as procedures

from ..events import Verb
from ..models import Payment, PaymentMethod, PaymentRefund, PaymentState, WebhookReceipt
from ..money import format_yen, whole_yen
from .base import PaymentError, PaymentTimeout, Redirect, WebhookRejected
from .registry import current_provider, providers

logger = logging.getLogger("madoguchi.delivery")


def access_payment(user, reference: str) -> Payment:
    """A payment for staff who may refund it (決裁 of its department), else 404."""
    return access.load(Payment, user, access.PAYMENT_REFUND, reference=reference)


@dataclass(frozen=True)
class WebhookResult:
    status: int
    message: str


APPLICATION_LABEL = "applications.application"


def ensure_fee_due(application, *, timing: str) -> None:
    """Refuse a fee the application does not owe now (ValidationError with the reason).

    A "before_submit" fee is the last step of the resident's draft (PaymentStep), so a draft owes
    it; an "after_approval" fee is owed only once the application has been approved. Nothing is
    owed for another timing than the procedure's, nor by a withdrawn or rejected application.
    """
    procedure = application.procedure
    if not procedure.fee or timing != procedure.payment_timing:
        raise ValidationError(_("この申請には、お支払いいただく手数料はありません。"))
    if applications.is_withdrawn_or_rejected(application):
        raise ValidationError(_("取り下げ・却下された申請の手数料はお支払いいただけません。"))
    if timing == Payment.Timing.AFTER_APPROVAL and not applications.is_approved(application):
        if applications.is_draft(application):
            raise ValidationError(
                _("この申請はまだ提出されていません。手数料は申請が承認された後にお支払いいただけます。")
            )
        raise ValidationError(_("手数料は申請が承認された後にお支払いいただけます。"))


def _application_of(payment: Payment):
    if payment.subject_type != APPLICATION_LABEL or not payment.subject_id:
        return None
    return applications.get_application(pk=int(payment.subject_id))


def create_payment(
    *,
    amount,
    procedure_code: str,
    timing: str,
    procedure_name: str = "",
    person: Person | None = None,
    department: Department | None = None,
    subject: models.Model | None = None,
    receipt_number: str = "",
) -> Payment:
    """A fee to be paid. `amount` must be whole yen (an int); anything else is refused, and so is
    a fee for an application that does not owe it (`ensure_fee_due`)."""
    amount = whole_yen(amount)
    if subject is not None and subject._meta.label_lower == APPLICATION_LABEL:
        ensure_fee_due(subject, timing=timing)
    subject_type = subject._meta.label_lower if subject is not None else ""
    subject_id = str(subject.pk) if subject is not None else ""
    with transaction.atomic():
        if subject is not None:  # one open payment per application and timing: double clicks pay once
            existing = (
                Payment.objects.select_for_update()
                .filter(subject_type=subject_type, subject_id=subject_id, timing=timing)
                .exclude(state__in=[PaymentState.DECLINED, PaymentState.FAILED, PaymentState.CANCELED])
                .first()
            )
            if existing is not None:
                return existing
        payment = Payment.objects.create(
            amount=amount,
            procedure_code=procedure_code,
            procedure_name=procedure_name,
            timing=timing,
            person=person,
            department=department,
            subject_type=subject_type,
            subject_id=subject_id,
            receipt_number=receipt_number,
            provider=current_provider().code,
        )
        record_event(
            payment,
            verb=Verb.PAYMENT_CREATED,
            data={"reference": payment.reference, "amount": amount, "procedure": procedure_code},
        )
    return payment


def fee_due(application) -> int:
    """What the application owes: copies × unit fee for a certificate request (0 when an exemption
    is claimed), else the procedure's fee."""
    quote = procedures.fee_quote(application.procedure_version, application.data or {})
    return quote.total if quote is not None else application.procedure.fee


def payment_for_application(
    application, *, timing: str | None = None, create: bool = False
) -> Payment | None:
    """The application's fee payment (newest), creating it when asked and a fee applies.

    A payment not started yet follows the answers (the resident went back and changed the number
    of copies); one started with another amount is cancelled and a new one made."""
    procedure = application.procedure
    timing = timing or procedure.payment_timing
    payments = Payment.objects.filter(
        subject_type=application._meta.label_lower, subject_id=str(application.pk), timing=timing
    )
    payment = payments.exclude(
        state__in=[PaymentState.DECLINED, PaymentState.FAILED, PaymentState.CANCELED]
    ).first()
    due = fee_due(application) if procedure.fee else 0
    if create and payment is not None and not payment.is_paid and due and payment.amount != due:
        if payment.state == PaymentState.CREATED:
            payment.amount = due
            payment.save(update_fields=["amount", "updated_at"])
        elif payment.state == PaymentState.PENDING and not payment.instructions:
            payment.state = PaymentState.CANCELED
            payment.save(update_fields=["state", "updated_at"])
            payment = None
    if payment is None and create and due and timing in Payment.Timing.values:
        payment = create_payment(
            amount=due,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            timing=timing,
            person=application.applicant,
            department=application.department,
            subject=application,
            receipt_number=application.receipt_number or "",
        )
    return payment or payments.first()


def start_payment(payment: Payment, *, return_url: str, by=None) -> Redirect:
    """Send the resident to the provider's hosted checkout (again, after a decline)."""
    application = _application_of(payment)
    if application is not None:  # the application may have been withdrawn or rejected meanwhile
        ensure_fee_due(application, timing=payment.timing)
    provider = providers.get(payment.provider)
    if payment.state == PaymentState.PENDING:
        payment = sync_payment(payment)  # an earlier checkout may have been paid already
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.is_paid or payment.state == PaymentState.REFUNDED:
            raise ValidationError(_("この手数料はすでに支払い済みです。"))
        if payment.state in {PaymentState.DECLINED, PaymentState.FAILED}:
            payment.failure_code = ""
        redirect = provider.start(payment, return_url=return_url)
        payment.state = PaymentState.PENDING
        payment.save(update_fields=["provider_payment_id", "state", "failure_code", "updated_at"])
        record_event(
            payment,
            verb=Verb.PAYMENT_STARTED,
            actor=by,
            channel=Channel.ONLINE,
            data={"reference": payment.reference, "provider": payment.provider},
        )
    return redirect


def receive_webhook(provider_code: str, body: bytes, headers) -> WebhookResult:
    """A provider's webhook: verify its signature, handle each event id once."""
    if provider_code not in providers:
        return WebhookResult(404, "unknown provider")
    provider = providers.get(provider_code)
    try:
        event = provider.verify_webhook(body, headers)
    except WebhookRejected as exc:
        logger.warning("webhook from %s refused: %s", provider_code, exc.code)
        return WebhookResult(400, f"refused: {exc.code}")
    if event.type.startswith("payment."):
        try:
            whole_yen(event.amount)
        except ValidationError:
            logger.warning("webhook %s from %s: amount is not whole yen", event.id, provider_code)
            return WebhookResult(400, "refused: amount")
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookReceipt.objects.create(
                    provider=provider_code, event_id=event.id, event_type=event.type
                )
        except IntegrityError:
            return WebhookResult(200, "duplicate: already handled")
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=event.merchant_reference, provider=provider_code)
            .first()
        )
        if payment is None:
            logger.warning("webhook %s for unknown payment %s", event.id, event.merchant_reference)
            return WebhookResult(200, "ignored: unknown payment")
        if event.data.get("method") in PaymentMethod.values and not payment.method:
            payment.method = event.data["method"]
            payment.save(update_fields=["method", "updated_at"])
        if event.type == "payment.succeeded":
            _capture(payment, provider_payment_id=event.provider_payment_id, amount=event.amount)
        elif event.type == "payment.awaiting":
            _await(payment, instructions=event.data.get("instructions") or {})
        elif event.type == "payment.failed":
            _fail(payment, failure_code=event.failure_code or "declined")
    return WebhookResult(200, "ok")


def _capture(payment: Payment, *, provider_payment_id: str, amount: int) -> bool:
    """Record the capture once (idempotent: a second success for the same payment changes nothing)."""
    if payment.state in {PaymentState.CAPTURED, PaymentState.PARTIALLY_REFUNDED, PaymentState.REFUNDED}:
        return False
    if amount != payment.amount:
        payment.state = PaymentState.FAILED
        payment.failure_code = "amount_mismatch"
        payment.save(update_fields=["state", "failure_code", "updated_at"])
        record_event(
            payment,
            verb=Verb.PAYMENT_AMOUNT_MISMATCH,
            data={"reference": payment.reference, "expected": payment.amount, "received": amount},
        )
        return False
    payment.state = PaymentState.CAPTURED
    payment.captured_at = timezone.now()
    payment.failure_code = ""
    if provider_payment_id:
        payment.provider_payment_id = provider_payment_id
    payment.save(update_fields=["state", "captured_at", "failure_code", "provider_payment_id", "updated_at"])
    record_event(
        payment,
        verb=Verb.PAYMENT_CAPTURED,
        channel=Channel.ONLINE,
        data={
            "reference": payment.reference,
            "amount": payment.amount,
            "receipt_number": payment.receipt_number,
        },
    )
    if payment.person is not None:
        notify(payment.person, "delivery/payment_captured", payment=payment)
    return True


def _await(payment: Payment, *, instructions: dict) -> None:
    """Pay-easy / konbini: the numbers to pay with are issued; the payment stays pending."""
    if payment.state not in {PaymentState.CREATED, PaymentState.PENDING}:
        return
    keep = {
        "biller_number",
        "customer_number",
        "confirmation_number",
        "store",
        "store_name",
        "slip_number",
        "expires_on",
    }
    payment.instructions = {k: str(v) for k, v in instructions.items() if k in keep}
    payment.state = PaymentState.PENDING
    payment.save(update_fields=["instructions", "state", "updated_at"])
    record_event(
        payment,
        verb=Verb.PAYMENT_AWAITING,
        channel=Channel.ONLINE,
        data={"reference": payment.reference, "method": payment.method},
    )


def _fail(payment: Payment, *, failure_code: str) -> None:
    if payment.state not in {PaymentState.CREATED, PaymentState.PENDING}:
        return
    payment.state = PaymentState.DECLINED
    payment.failure_code = failure_code
    payment.save(update_fields=["state", "failure_code", "updated_at"])
    record_event(
        payment,
        verb=Verb.PAYMENT_DECLINED,
        channel=Channel.ONLINE,
        data={"reference": payment.reference, "failure_code": failure_code},
    )


def sync_payment(payment: Payment) -> Payment:
    """Ask the provider where a pending payment stands (a webhook may be late or lost)."""
    if payment.state != PaymentState.PENDING or not payment.provider_payment_id:
        return payment
    status = providers.get(payment.provider).fetch_status(payment)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if status.status in {"succeeded", "refunded", "partially_refunded"}:
            _capture(payment, provider_payment_id=status.provider_payment_id, amount=status.amount)
        elif status.status == "failed":
            _fail(payment, failure_code=status.failure_code or "declined")
    return payment


def sync_pending_payments(older_than: datetime.timedelta = datetime.timedelta(minutes=2)) -> int:
    """The periodic sweep for payments whose webhook has not come (Celery beat)."""
    count = 0
    for payment in Payment.objects.filter(
        state=PaymentState.PENDING, updated_at__lt=timezone.now() - older_than
    ):
        try:
            sync_payment(payment)
        except PaymentError:
            logger.warning("could not sync payment %s", payment.reference)
            continue
        count += 1
    return count


def refund_payment(payment: Payment, *, by, amount=None, reason: str = "") -> Payment:
    """返金 (all or part). Safe to retry: the provider sees the same idempotency key."""
    access.require(by, access.PAYMENT_REFUND, payment.department_id)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.is_paid:
            raise ValidationError(_("支払い済みでない手数料は返金できません。"))
        remaining = payment.amount - payment.refunded_amount
        amount = remaining if amount is None else whole_yen(amount)
        if amount > remaining:
            raise ValidationError(
                _("返金額が返金できる額（%(remaining)s）を超えています。")
                % {"remaining": format_yen(remaining)}
            )
        key = f"refund-{payment.reference}-{payment.refunded_amount}-{amount}"
        provider = providers.get(payment.provider)
        try:
            result = provider.refund(payment, amount=amount, idempotency_key=key)
        except PaymentTimeout:
            logger.info("refund of %s timed out; retrying with the same key", payment.reference)
            result = provider.refund(payment, amount=amount, idempotency_key=key)
        PaymentRefund.objects.create(
            payment=payment,
            amount=result.amount,
            provider_refund_id=result.refund_id,
            reason=reason,
            created_by=by,
        )
        payment.refunded_amount += result.amount
        payment.refunded_at = timezone.now()
        payment.state = (
            PaymentState.REFUNDED
            if payment.refunded_amount == payment.amount
            else PaymentState.PARTIALLY_REFUNDED
        )
        payment.save(update_fields=["refunded_amount", "refunded_at", "state", "updated_at"])
        record_event(
            payment,
            verb=Verb.PAYMENT_REFUNDED,
            actor=by,
            data={"reference": payment.reference, "amount": result.amount, "reason": reason},
        )
        if payment.person is not None:
            notify(payment.person, "delivery/payment_refunded", payment=payment, amount=result.amount)
    return payment
