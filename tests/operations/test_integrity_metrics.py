"""The integrity metrics behind two paging alerts: the audit chain's verification and certificate
signing failures."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from madoguchi.core.audit import append
from madoguchi.core.models import AuditEntry
from madoguchi.core.tasks import verify_audit_chain

pytestmark = pytest.mark.django_db


def values(client, name: str) -> dict:
    text = client.get("/metrics").content.decode()
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


def test_the_hourly_audit_verification_is_shown_and_a_tampered_chain_reads_zero(client):
    assert values(client, "madoguchi_audit_chain_verified") == {}  # never verified: the alert's absent()
    append(action="test.one", object_type="test", object_id="1")
    append(action="test.two", object_type="test", object_id="2")
    assert verify_audit_chain() is True
    assert values(client, "madoguchi_audit_chain_verified") == {(): 1.0}
    assert values(client, "madoguchi_audit_chain_verified_entries")[()] >= 2
    assert values(client, "madoguchi_audit_chain_verified_timestamp_seconds")[()] > 0
    AuditEntry.objects.filter(action="test.one").update(object_id="999")  # behind the model's back
    assert verify_audit_chain() is False
    assert values(client, "madoguchi_audit_chain_verified") == {(): 0.0}


def test_a_signing_failure_is_counted(client, monkeypatch):
    from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory
    from madoguchi.delivery.documents import signing
    from madoguchi.delivery.models import DocumentKind
    from madoguchi.delivery.services import issue_document

    MunicipalityFactory()
    key = (("operation", "certificate_signing"),)
    before = values(client, "madoguchi_operation_failures_total").get(key, 0)

    def broken(*args, **kwargs):
        raise OSError("the HSM does not answer")

    monkeypatch.setattr(signing, "sign_pdf", broken)
    person = PersonFactory()
    with pytest.raises(OSError):
        issue_document(
            DocumentKind.RECEIPT,
            context={"applicant_name": "x"},
            person=person,
            department=DepartmentFactory(),
        )
    assert values(client, "madoguchi_operation_failures_total")[key] == before + 1
