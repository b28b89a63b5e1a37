"""Approving a procedure that ends in a decision (認定・支給決定) issues its 決定通知書 (issue 29
item 3): signed, listed in the resident's 交付文書 (/delivery/my/), with a notice. A 届出 that
decides nothing issues no document."""

import pytest

from madoguchi.applications import services
from madoguchi.applications.examples import example_data
from madoguchi.core.models import Notification
from madoguchi.identity.testing import login_resident
from madoguchi.procedures.tests.factories import bundled_procedure

pytestmark = pytest.mark.django_db


def _received(procedure, resident, staff):
    """An application taken at the counter, with every document the answers call for handed over."""
    version = procedure.current_version
    data = example_data(version.schema)
    documents = [spec["code"] for spec in services.needed_attachments(procedure, version, data)]
    return services.submit_application(
        procedure, applicant=resident, data=data, channel="counter", by=staff, documents_received=documents
    )


def test_approving_a_care_certification_issues_the_decision_notice(
    client, departments, resident, kaigo_staff, django_capture_on_commit_callbacks
):
    procedure = bundled_procedure("kaigo-nintei-tennyu")
    application = _received(procedure, resident, kaigo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, by=kaigo_staff)

    notice = Notification.objects.get(recipient=resident, template="delivery/document_issued")
    assert "決定通知書" in notice.body
    login_resident(client, resident)
    page = client.get("/delivery/my/").content.decode()
    assert "決定通知書" in page and "/download" in page
    # The application's page links the document too.
    detail = client.get(f"/applications/{application.public_id}/").content.decode()
    assert "決定通知書" in detail


def test_a_notification_without_a_decision_issues_nothing(
    client, genkyo_application, childcare_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(genkyo_application, by=childcare_staff)
    assert not Notification.objects.filter(template="delivery/document_issued").exists()


@pytest.mark.parametrize(
    ("code", "decides"),
    [
        ("jidou-teate-nintei", True),
        ("kaigo-nintei", True),
        ("kogaku-kaigo-service-hi", True),
        ("jidou-teate-genkyo", False),
        ("kaigo-hihokensha-sho-saikofu", False),
    ],
)
def test_the_procedure_page_says_whether_a_decision_notice_follows(client, departments, code, decides):
    bundled_procedure(code)
    page = client.get(f"/procedures/{code}/").content.decode()
    assert ("決定通知書" in page) is decides
