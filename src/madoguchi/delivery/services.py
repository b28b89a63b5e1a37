"""Domain operations of electronic delivery and fee payment: the only place that changes state.

Documents: issue (render → sign → store → Event → notice), revoke, verify.
Payments: create, start (hosted checkout), receive webhooks, sync, refund, reconcile.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access, csvsafe
from madoguchi.core.events import record_event
from madoguchi.core.japanese import fiscal_year, format_wareki, receipt_prefix
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import Channel, Department, Municipality, Person
from madoguchi.core.notifications import notify

from .documents import render, signing
from .models import (
    DocumentCounter,
    DocumentKind,
    IssuedDocument,
    Payment,
    PaymentRefund,
    PaymentState,
    WebhookReceipt,
)
from .money import format_yen, whole_yen
from .payments import PaymentError, PaymentTimeout, Redirect, WebhookRejected, providers
from .payments.registry import current_provider

logger = logging.getLogger("madoguchi.delivery")

KIND_CODES = {DocumentKind.RISAI: "RS", DocumentKind.RECEIPT: "JR", DocumentKind.DECISION: "KT"}
TEMPLATES = {kind: f"delivery/documents/{kind.value}.html" for kind in DocumentKind}
CHECK_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud at the counter
NUMBER_RE = re.compile(r"Madoguchi document ([A-Z0-9-]{6,40})")


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


def access_document(user, number: str) -> IssuedDocument:
    """An issued document for staff who may revoke it (決裁 of its department), else 404."""
    return access.load(IssuedDocument, user, access.DOCUMENT_MANAGE, number=number)


def access_payment(user, reference: str) -> Payment:
    """A payment for staff who may refund it (決裁 of its department), else 404."""
    return access.load(Payment, user, access.PAYMENT_REFUND, reference=reference)


def next_document_number(kind: str, when: datetime.datetime | None = None) -> str:
    """「R8-RS-000012-K7QD」: 年度, kind, sequence in the 年度, and a random check part so that
    numbers cannot be guessed one after another on the public verification page."""
    fy = fiscal_year(when or timezone.now())
    with transaction.atomic():
        counter, _created = DocumentCounter.objects.select_for_update().get_or_create(fiscal_year=fy)
        counter.last += 1
        counter.save(update_fields=["last"])
    check = "".join(secrets.choice(CHECK_ALPHABET) for _ in range(4))
    return f"{receipt_prefix(fy)}-{KIND_CODES[DocumentKind(kind)]}-{counter.last:06d}-{check}"


def demo_city() -> Municipality:
    """The demo city's profile, unsaved (for samples and benchmarks without a database)."""
    return Municipality(
        code="132144",
        name="国分寺市",
        name_en="Kokubunji City",
        prefecture="東京都",
        postal_code="185-8501",
        address="東京都国分寺市泉町二丁目2番18号",
        phone="042-325-0111",
        is_demo=True,
    )


def city_or_demo() -> Municipality:
    """The installation's city, or the unsaved demo profile when none is configured yet."""
    return Municipality.current() or demo_city()


def issue_document(
    kind: str,
    *,
    context: dict,
    person: Person | None = None,
    department: Department | None = None,
    subject: models.Model | None = None,
    receipt_number: str = "",
    by=None,
    is_demo: bool = False,
    sample: bool = False,
) -> IssuedDocument:
    """Render, sign and record one official document; tell the resident it is ready."""
    kind = DocumentKind(kind)
    city = city_or_demo()
    now = timezone.now()
    number = next_document_number(kind, now)
    full_context = {
        "title": kind.label,
        "number": number,
        "city": city,
        "mayor_name": getattr(settings, "MADOGUCHI_MAYOR_NAME", ""),
        "issued_on_wareki": format_wareki(now),
        "sample": sample,
        **context,
    }
    pdf = render.render_pdf(TEMPLATES[kind], full_context)
    signed, signer, timestamped = signing.sign_pdf(pdf, number=number, city_name=city.name)
    with transaction.atomic():
        document = IssuedDocument.objects.create(
            number=number,
            kind=kind,
            title=str(kind.label),
            person=person,
            department=department,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
            receipt_number=receipt_number,
            pdf=signed,
            sha256=hashlib.sha256(signed).hexdigest(),
            signer_subject=signer.subject,
            timestamped=timestamped,
            issued_at=now,
            issued_by=by if getattr(by, "is_authenticated", False) else None,
            is_demo=is_demo,
        )
        record_event(
            document,
            verb="document_issued",
            actor=by,
            channel=Channel.ONLINE,
            data={"number": number, "kind": kind.value, "receipt_number": receipt_number},
        )
        if person is not None and not sample:
            notify(
                person,
                "delivery/document_issued",
                document=document,
                verify_url=render.verification_url(number),
            )
    return document


def risai_context(
    *,
    household_head: str,
    property_address: str,
    disaster_name: str,
    disaster_date,
    damage_level: str,
    inundation: str = "",
    purpose: str = "",
) -> dict:
    if isinstance(disaster_date, str):
        disaster_date = datetime.date.fromisoformat(disaster_date)
    return {
        "household_head": household_head,
        "property_address": property_address,
        "disaster_name": disaster_name,
        "disaster_date_wareki": format_wareki(disaster_date),
        "damage_level": damage_level,
        "inundation": inundation if inundation and inundation != "なし" else "",
        "purpose": purpose,
    }


DAMAGE_LEVELS = ["全壊", "大規模半壊", "中規模半壊", "半壊", "準半壊", "準半壊に至らない（一部損壊）"]


def _application_context(application) -> dict:
    procedure = application.procedure
    department = application.department
    submitted = application.submitted_at or application.created_at
    return {
        "applicant_name": application.applicant.full_name,
        "procedure_name": procedure.name,
        "receipt_number": application.receipt_number or "",
        "received_on_wareki": format_wareki(submitted) if submitted else "",
        "decided_on_wareki": format_wareki(application.decided_at or timezone.now()),
        "department_name": department.name,
        "department_phone": department.phone,
        "decision": _("承認"),
        "reason": application.decision_reason,
        "fee": format_yen(procedure.fee) if procedure.fee else "",
    }


def issue_for_application(application, kind: str, *, by=None) -> IssuedDocument:
    """Issue the document an application's procedure gives (once per kind per application)."""
    existing = IssuedDocument.objects.filter(
        subject_type=application._meta.label_lower, subject_id=str(application.pk), kind=kind, revoked_at=None
    ).first()
    if existing is not None:
        return existing
    context = _application_context(application)
    if kind == DocumentKind.RISAI:
        disaster = (application.data or {}).get("disaster", {})
        damage = (application.data or {}).get("damage", {})
        level = (application.data or {}).get("assessment", {}).get("damage_level") or next(
            (lvl for lvl in DAMAGE_LEVELS if lvl in (application.decision_reason or "")),
            _("調査結果のとおり"),
        )
        context.update(
            risai_context(
                household_head=disaster.get("household_head") or application.applicant.full_name,
                property_address=disaster.get("property_address") or application.applicant.address,
                disaster_name=disaster.get("disaster_name", ""),
                disaster_date=disaster.get("disaster_date") or timezone.localdate(),
                damage_level=level,
                inundation=damage.get("inundation", ""),
                purpose=(application.data or {}).get("issuance", {}).get("purpose", ""),
            )
        )
    return issue_document(
        kind,
        context=context,
        person=application.applicant,
        department=application.department,
        subject=application,
        receipt_number=application.receipt_number or "",
        by=by,
    )


def documents_on_approval(application) -> list[str]:
    """Which documents a procedure issues when approved.

    A procedure asks for them in its form's ui_schema: {"delivery": {"on_approval": ["decision"]}};
    罹災証明書 procedures (code "risai-shomei") issue the certificate itself.
    """
    version = getattr(application, "procedure_version", None)
    ui = (getattr(version, "ui_schema", None) or {}) if version else {}
    kinds = list((ui.get("delivery") or {}).get("on_approval", []))
    if application.procedure.code == "risai-shomei" and DocumentKind.RISAI not in kinds:
        kinds.append(DocumentKind.RISAI.value)
    return [k for k in kinds if k in DocumentKind.values]


def revoke_document(document: IssuedDocument, *, by, reason: str) -> IssuedDocument:
    """失効: the document stays on record, and the verification page says it is revoked."""
    access.require(by, access.DOCUMENT_MANAGE, document.department_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("失効の理由を入力してください。")})
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if document.is_revoked:
            raise ValidationError(_("この文書はすでに失効しています。"))
        document.revoked_at = timezone.now()
        document.revoked_by = by
        document.revocation_reason = reason
        document.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        record_event(
            document,
            verb="document_revoked",
            actor=by,
            data={"number": document.number, "reason": reason},
        )
        if document.person is not None:
            notify(document.person, "delivery/document_revoked", document=document)
    return document


class Verdict:
    AUTHENTIC = "authentic"
    CHANGED = "changed"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verification:
    verdict: str
    document: IssuedDocument | None = None

    @property
    def is_authentic(self) -> bool:
        return self.verdict == Verdict.AUTHENTIC


def normalize_number(number: str) -> str:
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", number or "")).upper()


def verify_number(number: str) -> Verification:
    document = IssuedDocument.objects.filter(number=normalize_number(number)).first()
    if document is None:
        return Verification(Verdict.UNKNOWN)
    return Verification(Verdict.REVOKED if document.is_revoked else Verdict.AUTHENTIC, document)


def verify_pdf(data: bytes, *, number: str = "") -> Verification:
    """Is this file, byte for byte, a document the city issued and has not revoked?"""
    digest = hashlib.sha256(data).hexdigest()
    document = IssuedDocument.objects.filter(sha256=digest).first()
    if document is not None:
        return Verification(Verdict.REVOKED if document.is_revoked else Verdict.AUTHENTIC, document)
    candidates = [normalize_number(number)] if number else []
    candidates += [m.decode() for m in re.findall(rb"Madoguchi document ([A-Z0-9-]{6,40})", data)]
    for candidate in candidates:
        document = IssuedDocument.objects.filter(number=candidate).first()
        if document is not None:
            return Verification(Verdict.CHANGED, document)
    return Verification(Verdict.UNKNOWN)


def may_download(user, document: IssuedDocument) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    person = getattr(user, "person", None)
    if person is not None and document.person_id == person.pk:
        return True
    return bool(document.department_id and access.can(user, access.CASE_VIEW, document.department_id))


# ---------------------------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------------------------


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
    if application.state in {"withdrawn", "rejected"}:
        raise ValidationError(_("取り下げ・却下された申請の手数料はお支払いいただけません。"))
    if timing == Payment.Timing.AFTER_APPROVAL and application.state not in {"approved", "completed"}:
        if application.state == "draft":
            raise ValidationError(
                _("この申請はまだ提出されていません。手数料は申請が承認された後にお支払いいただけます。")
            )
        raise ValidationError(_("手数料は申請が承認された後にお支払いいただけます。"))


def _application_of(payment: Payment):
    if payment.subject_type != APPLICATION_LABEL or not payment.subject_id:
        return None
    from django.apps import apps

    return apps.get_model(APPLICATION_LABEL).objects.filter(pk=payment.subject_id).first()


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
            verb="payment_created",
            data={"reference": payment.reference, "amount": amount, "procedure": procedure_code},
        )
    return payment


def payment_for_application(
    application, *, timing: str | None = None, create: bool = False
) -> Payment | None:
    """The application's fee payment (newest), creating it when asked and a fee applies."""
    procedure = application.procedure
    timing = timing or procedure.payment_timing
    payments = Payment.objects.filter(
        subject_type=application._meta.label_lower, subject_id=str(application.pk), timing=timing
    )
    payment = payments.exclude(
        state__in=[PaymentState.DECLINED, PaymentState.FAILED, PaymentState.CANCELED]
    ).first()
    if payment is None and create and procedure.fee and timing in Payment.Timing.values:
        payment = create_payment(
            amount=procedure.fee,
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
            verb="payment_started",
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
        if event.type == "payment.succeeded":
            _capture(payment, provider_payment_id=event.provider_payment_id, amount=event.amount)
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
            verb="payment_amount_mismatch",
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
        verb="payment_captured",
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


def _fail(payment: Payment, *, failure_code: str) -> None:
    if payment.state not in {PaymentState.CREATED, PaymentState.PENDING}:
        return
    payment.state = PaymentState.DECLINED
    payment.failure_code = failure_code
    payment.save(update_fields=["state", "failure_code", "updated_at"])
    record_event(
        payment,
        verb="payment_declined",
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
            verb="payment_refunded",
            actor=by,
            data={"reference": payment.reference, "amount": result.amount, "reason": reason},
        )
        if payment.person is not None:
            notify(payment.person, "delivery/payment_refunded", payment=payment, amount=result.amount)
    return payment


# ---------------------------------------------------------------------------------------------
# Reconciliation (日次の収納消込用データ)
# ---------------------------------------------------------------------------------------------

RECONCILIATION_HEADER = ["日付", "手続コード", "手続名", "収納件数", "収納額", "返金件数", "返金額", "差引額"]


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=JST)
    return start, start + datetime.timedelta(days=1)


def reconciliation_rows(day: datetime.date) -> list[list]:
    """Per procedure, the fees captured and refunded on one JST day, and the net."""
    start, end = _day_bounds(day)
    captured = {
        row["procedure_code"]: row
        for row in Payment.objects.filter(captured_at__gte=start, captured_at__lt=end)
        .values("procedure_code")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    refunded = {
        row["payment__procedure_code"]: row
        for row in PaymentRefund.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("payment__procedure_code")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    names = dict(
        Payment.objects.filter(procedure_code__in=set(captured) | set(refunded)).values_list(
            "procedure_code", "procedure_name"
        )
    )
    rows = []
    for code in sorted(set(captured) | set(refunded)):
        c_count = captured.get(code, {}).get("count", 0)
        c_total = captured.get(code, {}).get("total", 0) or 0
        r_count = refunded.get(code, {}).get("count", 0)
        r_total = refunded.get(code, {}).get("total", 0) or 0
        rows.append(
            [
                day.isoformat(),
                code,
                names.get(code, ""),
                c_count,
                c_total,
                r_count,
                r_total,
                c_total - r_total,
            ]
        )
    return rows


def reconciliation_csv(day: datetime.date) -> str:
    """The day's report as CSV (UTF-8 with BOM, so spreadsheet software in Japan opens it), with a total row."""
    rows = reconciliation_rows(day)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csvsafe.writer(buffer, lineterminator="\r\n")  # procedure names are typed by staff
    writer.writerow(RECONCILIATION_HEADER)
    writer.writerows(rows)
    totals = [sum(row[i] for row in rows) for i in range(3, 8)]
    writer.writerow([day.isoformat(), "合計", "", *totals])
    return buffer.getvalue()
