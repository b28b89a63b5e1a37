"""factory-boy factories for delivery: issued documents (交付文書) and fee payments. Real
documents are signed PDFs made by the services; these stand in where only the record matters."""

import hashlib

import factory
from django.utils import timezone

from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
from madoguchi.delivery.models import DocumentKind, IssuedDocument, Payment, PaymentState

__all__ = ["IssuedDocumentFactory", "PaymentFactory"]


class IssuedDocumentFactory(factory.django.DjangoModelFactory):
    """A document on record (the verification page finds it by number or by its bytes)."""

    class Meta:
        model = IssuedDocument

    number = factory.Sequence(lambda n: f"T-DOC-{n:06d}")
    kind = DocumentKind.DECISION
    title = "決定通知書"
    person = factory.SubFactory(PersonFactory)
    department = factory.SubFactory(DepartmentFactory)
    pdf = factory.Sequence(lambda n: f"%PDF-1.7 test document {n}\n%%EOF\n".encode())
    sha256 = factory.LazyAttribute(lambda d: hashlib.sha256(bytes(d.pdf)).hexdigest())
    issued_at = factory.LazyFunction(timezone.now)


class PaymentFactory(factory.django.DjangoModelFactory):
    """A fee not paid yet, with the sandbox provider."""

    class Meta:
        model = Payment

    procedure_code = "test-procedure"
    procedure_name = "テスト手続"
    person = factory.SubFactory(PersonFactory)
    department = factory.SubFactory(DepartmentFactory)
    amount = 300
    timing = Payment.Timing.AFTER_APPROVAL
    provider = "sandbox"
    state = PaymentState.CREATED

    class Params:
        captured = factory.Trait(state=PaymentState.CAPTURED, captured_at=factory.LazyFunction(timezone.now))
