"""The factories other apps' tests build delivery records with make what the services read."""

import pytest

from madoguchi.delivery import services
from madoguchi.delivery.models import PaymentState
from madoguchi.delivery.tests.factories import IssuedDocumentFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def test_a_factory_document_is_verified_by_number_and_by_its_bytes():
    document = IssuedDocumentFactory()
    assert services.verify_number(document.number).document == document
    assert services.verify_pdf(bytes(document.pdf)).is_authentic


def test_a_factory_payment_is_unpaid_unless_captured():
    assert PaymentFactory().state == PaymentState.CREATED
    paid = PaymentFactory(captured=True)
    assert paid.state == PaymentState.CAPTURED and paid.captured_at is not None
