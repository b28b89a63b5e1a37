"""Certificate requests (住民票の写し, 戸籍, 附票, 課税・納税証明書): issue after the fee is paid or
exempted, by post to the registered address (a mailing record with its tracking number) or, where
the ordinance allows, as a signed PDF; postal paper requests paid with 定額小為替; exemptions.

The fee itself is `procedures.fee_quote` (copies × the ordinance's unit fee).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Channel
from madoguchi.core.notifications import notify
from madoguchi.procedures import services as procedures

from ..documents.issuing import issue_document
from ..events import Verb
from ..models import DocumentKind, FeeExemption, Mailing, Payment, PaymentMethod, PaymentState
from ..money import format_yen, whole_yen

ELECTRONIC = "電子交付（PDF）"
TRACKING_RE = re.compile(r"\d{11,13}")  # 日本郵便のお問い合わせ番号 (特定記録・簡易書留)


def _subject(application) -> dict:
    return {"subject_type": application._meta.label_lower, "subject_id": str(application.pk)}


def quote_for(application) -> procedures.FeeQuote:
    quote = procedures.fee_quote(application.procedure_version, application.data or {})
    if quote is None:
        raise ValidationError(_("この申請は証明書の請求ではありません。"))
    return quote


def is_certificate_request(application) -> bool:
    return bool(procedures.certificate_spec(application.procedure_version).get("fee_item"))


def paid_amount(application) -> int:
    return sum(
        p.amount - p.refunded_amount for p in Payment.objects.filter(**_subject(application)) if p.is_paid
    )


def exemption_of(application) -> FeeExemption | None:
    return FeeExemption.objects.filter(**_subject(application)).first()


def record_exemption(application, *, by, reason: str, note: str = "") -> FeeExemption:
    """手数料の免除 (生活保護受給者, 官公署の公用請求…): the ordinance's reason, recorded once."""
    access.require(by, access.DOCUMENT_MANAGE, application.department_id)
    try:
        procedures.exemption(reason)
    except KeyError:
        raise ValidationError(_("免除の理由を選んでください。")) from None
    quote = quote_for(application)
    with transaction.atomic():
        existing = exemption_of(application)
        if existing is not None:
            return existing
        exemption = FeeExemption.objects.create(
            **_subject(application),
            receipt_number=application.receipt_number or "",
            procedure_code=application.procedure.code,
            person=application.applicant,
            department=application.department,
            reason=reason,
            note=note,
            amount_waived=quote.gross,
            recorded_by=by,
        )
        record_event(
            exemption,
            verb=Verb.FEE_EXEMPTED,
            actor=by,
            data={"receipt_number": exemption.receipt_number, "reason": reason, "amount": quote.gross},
        )
    return exemption


def issue_certificate(
    application,
    *,
    by,
    tracking_number: str = "",
    mail_method: str = Mailing.Method.TOKUTEI,
    exemption_reason: str = "",
    exemption_note: str = "",
):
    """交付: approve and send the certificate. The fee must be paid in full (or exempted, with the
    reason recorded); mail goes to the registered address with a tracking number, a PDF (where
    the ordinance allows electronic issue) to the resident's documents. Returns the Mailing or
    the IssuedDocument."""
    access.require(by, access.DOCUMENT_MANAGE, application.department_id)
    quote = quote_for(application)
    data = application.data or {}
    electronic = (data.get("receiving") or {}).get("delivery") == ELECTRONIC
    if electronic and not procedures.may_issue_electronically(application.procedure_version):
        raise ValidationError(_("この証明書は電子交付できません。郵送してください。"))
    tracking = re.sub(r"[\s-]", "", tracking_number or "")
    if not electronic and not TRACKING_RE.fullmatch(tracking):
        raise ValidationError(
            _("追跡番号（お問い合わせ番号）は11〜13桁の数字で入力してください（例：1234-5678-9012）。")
        )
    with transaction.atomic():
        if exemption_reason:
            record_exemption(application, by=by, reason=exemption_reason, note=exemption_note)
        if exemption_of(application) is None:
            if quote.exemption_claimed:
                raise ValidationError(_("免除を申請しています。確認した免除の理由を選んでください。"))
            if paid_amount(application) < quote.total:
                raise ValidationError(
                    _("手数料（%(amount)s）のお支払いが確認できません。")
                    % {"amount": format_yen(quote.total)}
                )
        applications.approve(application, by=by, note=_("証明書を交付"))
        if electronic:
            result = issue_document(
                DocumentKind.CERTIFICATE,
                context=_certificate_context(application, quote),
                person=application.applicant,
                department=application.department,
                subject=application,
                receipt_number=application.receipt_number or "",
                by=by,
            )
        else:
            result = _mail(application, quote, by=by, tracking=tracking, method=mail_method)
        applications.complete(application, by=by)
    return result


def _mail(application, quote, *, by, tracking: str, method: str) -> Mailing:
    person = application.applicant  # the registered address (住民登録の住所), never one typed in
    if not person.address:
        raise ValidationError(_("住民登録の住所がないため郵送できません。"))
    mailing = Mailing.objects.create(
        **_subject(application),
        receipt_number=application.receipt_number or "",
        procedure_code=application.procedure.code,
        person=person,
        department=application.department,
        recipient_name=person.full_name,
        postal_code=person.postal_code,
        address=person.address,
        contents=quote.item.name,
        copies=quote.copies,
        method=method,
        tracking_number=tracking,
        mailed_at=timezone.now(),
        mailed_by=by,
    )
    record_event(
        mailing,
        verb=Verb.CERTIFICATE_MAILED,
        actor=by,
        data={"receipt_number": mailing.receipt_number, "tracking_number": tracking, "copies": quote.copies},
    )
    notify(person, "delivery/certificate_mailed", mailing=mailing)
    return mailing


def _certificate_context(application, quote) -> dict:
    data = application.data or {}
    request = data.get("request") or {}
    rows = [(_("証明の種類"), quote.item.name)]
    for key, label in (("fiscal_year", _("年度")), ("tax", _("税目")), ("kind", _("種類"))):
        if request.get(key):
            rows.append((label, request[key]))
    return {
        "applicant_name": application.applicant.full_name,
        "address": application.applicant.address,
        "receipt_number": application.receipt_number or "",
        "rows": rows,
        "department_name": application.department.name,
    }


def register_postal_request(
    procedure_code: str,
    *,
    applicant,
    data: dict,
    by,
    postal_order_amount,
    exemption_reason: str = "",
    exemption_note: str = "",
    idempotency_key: str | None = None,
):
    """A certificate request that came by post on paper: staff register it with the 定額小為替
    enclosed (amount recorded as the payment), or with the exemption's reason (官公署の公用請求)."""
    procedure = procedures.published_with_form(procedure_code)
    if procedure is None:
        raise ValidationError(_("手続が見つかりません。"))
    quote = procedures.fee_quote(procedure.current_version, data)
    if quote is None:
        raise ValidationError(_("この申請は証明書の請求ではありません。"))
    amount = whole_yen(postal_order_amount, allow_zero=True)
    if not exemption_reason and amount != quote.gross:
        raise ValidationError(
            _("定額小為替の額面の合計（%(given)s）が手数料（%(due)s）と一致しません。")
            % {"given": format_yen(amount), "due": format_yen(quote.gross)}
        )
    with transaction.atomic():
        application = applications.register_paper_application(
            procedure,
            applicant=applicant,
            data=data,
            by=by,
            channel=Channel.POSTAL,
            idempotency_key=idempotency_key,
            documents_received=[
                k
                for k in ("ininjo",)
                if (data.get("requester") or {}).get("relationship", "").startswith("代理人")
            ],
        )
        if getattr(application, "was_repeated", False):
            return application
        if exemption_reason:
            record_exemption(application, by=by, reason=exemption_reason, note=exemption_note)
        else:
            payment = Payment.objects.create(
                **_subject(application),
                receipt_number=application.receipt_number or "",
                procedure_code=procedure.code,
                procedure_name=procedure.name,
                person=applicant,
                department=procedure.department,
                amount=amount,
                timing=Payment.Timing.BEFORE_SUBMIT,
                provider="postal_order",
                method=PaymentMethod.POSTAL_ORDER,
                state=PaymentState.CAPTURED,
                captured_at=timezone.now(),
            )
            record_event(
                payment,
                verb=Verb.PAYMENT_RECEIVED_BY_POST,
                actor=by,
                channel=Channel.POSTAL,
                data={
                    "reference": payment.reference,
                    "amount": amount,
                    "receipt_number": payment.receipt_number,
                },
            )
    return application
