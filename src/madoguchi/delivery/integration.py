"""How delivery plugs into the applications module (its hooks and signal):

- on approval, issue the documents the procedure asks for (受理証明書 / 決定通知書 / 罹災証明書);
- before submission, a payment step for procedures whose fee is paid "before_submit".
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.urls import reverse

from madoguchi.applications import services as applications
from madoguchi.applications.hooks import detail_panels, submit_steps
from madoguchi.applications.signals import application_state_changed

from .models import IssuedDocument, Payment
from .services import documents_on_approval, issue_for_application, payment_for_application

logger = logging.getLogger("madoguchi.delivery")


class PaymentStep:
    """The fee must be paid before a "before_submit" procedure's application is submitted."""

    code = "payment"

    def applies(self, application) -> bool:
        procedure = application.procedure
        return bool(procedure.fee) and procedure.payment_timing == Payment.Timing.BEFORE_SUBMIT

    def is_done(self, application) -> bool:
        payment = payment_for_application(application, timing=Payment.Timing.BEFORE_SUBMIT)
        return payment is not None and payment.is_paid

    def url(self, application) -> str:
        return reverse("delivery:application_payment", args=[application.public_id])


class ApplicationPanel:
    """The fee payment and issued documents, shown on the application page."""

    code = "delivery"

    def render(self, request, application) -> str:
        subject = {"subject_type": application._meta.label_lower, "subject_id": str(application.pk)}
        payments = list(Payment.objects.filter(**subject))
        documents = list(IssuedDocument.objects.filter(**subject))
        if not payments and not documents:
            return ""
        context = {"application": application, "payments": payments, "documents": documents}
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


def connect() -> None:
    if "payment" not in submit_steps:
        submit_steps.register(PaymentStep())
    if "delivery" not in detail_panels:
        detail_panels.register(ApplicationPanel())
    application_state_changed.connect(on_state_changed, dispatch_uid="delivery.on_state_changed")
