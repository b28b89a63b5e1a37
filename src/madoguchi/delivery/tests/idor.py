"""IDOR registrations for delivery routes (tests/quality/idor.py)."""

from tests.quality.idor import IdorCase, not_an_object, object_factory, public

public("delivery:verify_number", "the public verification page: shows kind, date and state, no personal data")
public(
    "delivery:sandbox_checkout",
    "the sandbox gateway's hosted checkout: the session id is an unguessable capability, as on a real "
    "gateway, and the page shows only the amount",
)
not_an_object("delivery:webhook", "the argument names a payment provider; requests are checked by signature")


def _document():
    from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
    from madoguchi.delivery.models import DocumentKind
    from madoguchi.delivery.services import issue_document

    person = PersonFactory()
    return issue_document(
        DocumentKind.RECEIPT,
        context={"applicant_name": person.full_name},
        person=person,
        department=DepartmentFactory(),
    )


@object_factory("delivery:download")
def make_download():
    document = _document()
    return IdorCase(
        kwargs={"number": document.number},
        resident=document.person,
        department=document.department,
        marker=document.sha256,
    )


@object_factory("delivery:revoke")
def make_revoke():
    document = _document()
    return IdorCase(kwargs={"number": document.number}, department=document.department)


def _payment():
    from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
    from madoguchi.delivery.models import Payment
    from madoguchi.delivery.services import create_payment

    return create_payment(
        amount=300,
        procedure_code="idor-test",
        procedure_name="IDOR確認用手続",
        timing=Payment.Timing.BEFORE_SUBMIT,
        person=PersonFactory(),
        department=DepartmentFactory(),
    )


@object_factory("delivery:payment", "delivery:payment_return")
def make_payment():
    payment = _payment()
    return IdorCase(
        kwargs={"reference": payment.reference},
        resident=payment.person,
        department=payment.department,
        marker="IDOR確認用手続",
    )


@object_factory("delivery:refund")
def make_refund():
    payment = _payment()
    return IdorCase(
        kwargs={"reference": payment.reference}, department=payment.department, marker="IDOR確認用手続"
    )


def _application(fee: int = 300, timing: str = "before_submit"):
    import json

    from madoguchi.applications.services import start_application
    from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
    from madoguchi.identity.testing import resident_user
    from madoguchi.procedures.services import DATA_DIR, load_procedure_definition

    DepartmentFactory(code="bosai", name="防災安全課")
    definition = json.loads((DATA_DIR / "risai-shomei.json").read_text(encoding="utf-8"))
    procedure = load_procedure_definition({**definition, "fee": fee, "payment_timing": timing})
    person = PersonFactory()
    return start_application(procedure, applicant=person, by=resident_user(person))


@object_factory("delivery:application_payment")
def make_application_payment():
    application = _application()
    return IdorCase(
        kwargs={"public_id": application.public_id}, resident=application.applicant, owner_status=302
    )


@object_factory("delivery:issue_for_application")
def make_issue():
    application = _application(fee=0, timing="none")
    return IdorCase(
        kwargs={"public_id": application.public_id, "kind": "risai"},
        department=application.department,
        owner_status=405,  # GET: the owner may, but only by POST
    )


@object_factory("delivery:receipt")
def make_receipt():
    from madoguchi.delivery.payments.sandbox import CARD_SUCCESS, gateway
    from madoguchi.delivery.services import start_payment

    payment = _payment()
    start_payment(payment, return_url="http://testserver/back")
    payment.refresh_from_db()
    gateway.pay(payment.provider_payment_id, card_number=CARD_SUCCESS)
    return IdorCase(
        kwargs={"reference": payment.reference}, resident=payment.person, department=payment.department
    )


@object_factory("delivery:issue_certificate")
def make_issue_certificate():
    application = _application(fee=0, timing="none")
    return IdorCase(
        kwargs={"public_id": application.public_id},
        department=application.department,
        owner_status=405,  # GET: the owner may, but only by POST
    )
