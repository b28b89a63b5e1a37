"""Delivery's public entry point (issue 15): `delivery.services` re-exports the operations that
live in documents/ and payments/, with `__all__`; the Event verbs keep their values."""

import pytest

from madoguchi.applications import services as applications
from madoguchi.delivery import services
from madoguchi.delivery.documents import issuing
from madoguchi.delivery.payments import fees, reconciliation


def test_every_public_name_exists():
    missing = [name for name in services.__all__ if not hasattr(services, name)]
    assert not missing


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("issue_document", issuing),
        ("revoke_document", issuing),
        ("verify_pdf", issuing),
        ("start_payment", fees),
        ("receive_webhook", fees),
        ("refund_payment", fees),
        ("reconciliation_csv", reconciliation),
    ],
)
def test_operations_live_beside_what_they_work_on(name, home):
    assert getattr(services, name) is getattr(home, name)


def test_event_verbs_keep_their_values():
    assert sorted(services.Verb.values) == [
        "certificate_mailed",
        "document_issued",
        "document_revoked",
        "fee_exempted",
        "payment_amount_mismatch",
        "payment_awaiting",
        "payment_captured",
        "payment_created",
        "payment_declined",
        "payment_received_by_post",
        "payment_refunded",
        "payment_started",
        "settlement_reconciled",
    ]


class _Case:
    def __init__(self, state):
        self.state = state


@pytest.mark.parametrize(
    ("state", "draft", "approved", "closed"),
    [
        ("draft", True, False, False),
        ("submitted", False, False, False),
        ("under_review", False, False, False),
        ("approved", False, True, False),
        ("completed", False, True, False),
        ("rejected", False, False, True),
        ("withdrawn", False, False, True),
    ],
)
def test_the_application_states_delivery_asks_about(state, draft, approved, closed):
    """What the fee rules and the issue view ask applications.services (they compared strings)."""
    case = _Case(state)
    assert applications.is_draft(case) is draft
    assert applications.is_approved(case) is approved
    assert applications.is_withdrawn_or_rejected(case) is closed
