"""How delivery plugs into the applications module (its hooks and signal):

- on approval, issue the documents the procedure asks for (受理証明書 / 決定通知書 / 罹災証明書);
- before submission, a payment step for procedures whose fee is paid "before_submit".
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.applications.hooks import detail_panels, submit_steps
from madoguchi.applications.signals import application_state_changed
from madoguchi.core import access
from madoguchi.procedures import services as procedures

from .certificates.issuing import ELECTRONIC
from .models import FeeExemption, IssuedDocument, Mailing, Payment
from .payments.fees import fee_due
from .services import documents_on_approval, issue_for_application, payment_for_application, refund_payment

logger = logging.getLogger("madoguchi.delivery")


class PaymentStep:
    """The fee must be paid before a "before_submit" procedure's application is submitted."""

    code = "payment"

    def applies(self, application) -> bool:
        procedure = application.procedure
        return (
            bool(procedure.fee)
            and procedure.payment_timing == Payment.Timing.BEFORE_SUBMIT
            and fee_due(application) > 0  # nothing to pay when an exemption (免除) is claimed
        )

    def is_done(self, application) -> bool:
        payment = payment_for_application(application, timing=Payment.Timing.BEFORE_SUBMIT)
        return payment is not None and payment.is_paid

    def url(self, application) -> str:
        url = reverse("delivery:application_payment", args=[application.public_id])
        back = reverse("applications:check", args=[application.public_id])  # 「申請に戻る」 after paying
        return f"{url}?next={back}"


OPEN_FOR_ISSUE = {"submitted", "under_review", "resubmitted"}


class ApplicationPanel:
    """The fee payment and issued documents, shown on the application page."""

    code = "delivery"

    def render(self, request, application) -> str:
        subject = {"subject_type": application._meta.label_lower, "subject_id": str(application.pk)}
        payments = list(Payment.objects.filter(**subject))
        documents = list(IssuedDocument.objects.filter(**subject))
        certificate = procedures.fee_quote(application.procedure_version, application.data or {})
        if not payments and not documents and certificate is None:
            return ""
        exemption = FeeExemption.objects.filter(**subject).first()
        user = getattr(request, "user", None)
        can_issue = bool(
            certificate is not None
            and application.state in OPEN_FOR_ISSUE
            and user is not None
            and access.can(user, access.DOCUMENT_MANAGE, application.department_id)
        )
        context = {
            "application": application,
            "payments": payments,
            "documents": documents,
            "mailings": list(Mailing.objects.filter(**subject)),
            "certificate": certificate,
            "exemption": exemption,
            "exemption_name": procedures.exemption(exemption.reason).name if exemption else "",
            "exemption_choices": [(e.code, e.name) for e in procedures.exemptions()],
            "can_issue": can_issue,
            "electronic": (application.data or {}).get("receiving", {}).get("delivery") == ELECTRONIC,
        }
        return render_to_string("delivery/application_panel.html", context, request=request)


def on_state_changed(sender, application, from_state, to_state, actor=None, **kwargs) -> None:
    if to_state == applications.State.APPROVED:
        for kind in documents_on_approval(application):
            try:
                issue_for_application(application, kind, by=actor)
            except Exception:  # the approval stands; staff issue it with delivery:issue_for_application
                logger.exception("could not issue %s for %s", kind, application.pk)
        procedure = application.procedure
        if procedure.fee and procedure.payment_timing == Payment.Timing.AFTER_APPROVAL:
            payment_for_application(application, timing=Payment.Timing.AFTER_APPROVAL, create=True)
    elif to_state == applications.State.REJECTED and actor is not None:
        # A fee paid for a request the city turned down is refunded in full (還付).
        subject = {"subject_type": application._meta.label_lower, "subject_id": str(application.pk)}
        for payment in Payment.objects.filter(**subject):
            if not payment.is_paid:
                continue
            try:
                refund_payment(payment, by=actor, reason=_("申請が却下されたため"))
            except Exception:  # the rejection stands; staff refund from the payment's page
                logger.exception("could not refund %s after rejection", payment.reference)


def connect() -> None:
    if "payment" not in submit_steps:
        submit_steps.register(PaymentStep())
    if "delivery" not in detail_panels:
        detail_panels.register(ApplicationPanel())
    application_state_changed.connect(on_state_changed, dispatch_uid="delivery.on_state_changed")
