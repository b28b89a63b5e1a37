"""What the pages used to do themselves now goes through services (issue 15): removing a
document, moving on from the attachments page, a staff read of a case (HTML and API alike), and
one send for submit and resubmit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madoguchi.applications.services import (
    Verb,
    open_case,
    remove_attachment,
    request_correction,
    save_step,
    send_application,
    start_application,
    start_review,
    store_attachment,
)
from madoguchi.applications.tests.conftest import genkyo_data
from madoguchi.core.models import AuditEntry
from madoguchi.identity.testing import login_resident, resident_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="bekkyo.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _draft(genkyo, person):
    user = resident_user(person)
    return start_application(genkyo, applicant=person, by=user), user


def test_resident_removes_a_document_from_their_draft(genkyo, resident):
    draft, user = _draft(genkyo, resident)
    attachment = store_attachment(draft, by=user, kind="bekkyo-kango", upload=_pdf())
    assert remove_attachment(draft, by=user, attachment_id=attachment.pk) is True
    assert not draft.attachments.exists()
    assert list(draft.events()) == []  # a draft is the resident's alone: nothing for the city


def test_another_applications_document_is_not_removed(genkyo, resident, other_resident):
    mine, me = _draft(genkyo, resident)
    theirs, them = _draft(genkyo, other_resident)
    their_file = store_attachment(theirs, by=them, kind="bekkyo-kango", upload=_pdf())
    assert remove_attachment(mine, by=me, attachment_id=their_file.pk) is False
    assert theirs.attachments.filter(pk=their_file.pk).exists()
    with pytest.raises(PermissionDenied):
        remove_attachment(theirs, by=me, attachment_id=their_file.pk)
    assert theirs.attachments.filter(pk=their_file.pk).exists()


def test_documents_of_a_submitted_application_cannot_be_removed(genkyo_application, resident):
    user = resident_user(resident)
    with pytest.raises(ValidationError, match="提出済みの申請の書類は削除できません"):
        remove_attachment(genkyo_application, by=user, attachment_id=1)
    with pytest.raises(ValidationError, match="提出済みの申請は変更できません"):
        save_step(genkyo_application, by=user, step=3)


def test_documents_changed_during_a_correction_are_events(genkyo_application, resident, childcare_staff):
    start_review(genkyo_application, by=childcare_staff)
    request_correction(genkyo_application, by=childcare_staff, reason="別居監護申立書を添付してください")
    user = resident_user(resident)
    attachment = store_attachment(genkyo_application, by=user, kind="bekkyo-kango", upload=_pdf())
    remove_attachment(genkyo_application, by=user, attachment_id=attachment.pk)
    verbs = [e.verb for e in genkyo_application.events()]
    assert verbs[-2:] == [Verb.ATTACHMENT_ADDED, Verb.ATTACHMENT_REMOVED]
    assert genkyo_application.events().last().data == {"kind": "bekkyo-kango"}


def test_the_attachments_page_deletes_through_the_service(client, genkyo, resident):
    draft, user = _draft(genkyo, resident)
    attachment = store_attachment(draft, by=user, kind="bekkyo-kango", upload=_pdf())
    login_resident(client, resident)
    response = client.post(
        reverse("applications:attachments", args=[draft.public_id]), {"delete": attachment.pk}
    )
    assert response.status_code == 200
    assert not draft.attachments.exists()


def test_send_application_submits_a_draft_and_resubmits_a_correction(genkyo, resident, childcare_staff):
    draft, user = _draft(genkyo, resident)
    from madoguchi.applications.services import save_draft

    save_draft(draft, by=user, data=genkyo_data())
    sent = send_application(draft, by=user, idempotency_key="k1")
    assert sent.state == "submitted" and sent.receipt_number
    start_review(sent, by=childcare_staff)
    request_correction(sent, by=childcare_staff, reason="受給者番号を記入してください")
    again = send_application(sent, by=user)
    assert again.state == "resubmitted"
    assert [e.verb for e in again.events()] == [
        "submitted",
        "review_started",
        "correction_requested",
        "resubmitted",
    ]


def _viewed(application):
    return AuditEntry.objects.filter(action="application_viewed", object_id=str(application.pk))


def test_staff_opening_a_case_is_audited_and_the_resident_is_not(
    genkyo_application, resident, childcare_staff
):
    open_case(genkyo_application, by=resident_user(resident))
    assert not _viewed(genkyo_application).exists()
    open_case(genkyo_application, by=childcare_staff)
    assert _viewed(genkyo_application).get().actor_label == childcare_staff.get_username()


def test_the_api_detail_audits_a_staff_read_as_the_case_page_does(
    client, genkyo_application, childcare_staff
):
    from madoguchi.identity.testing import login_staff

    login_staff(client, childcare_staff)
    url = reverse("api-v1:application-detail", args=[genkyo_application.public_id])
    assert client.get(url).status_code == 200
    assert _viewed(genkyo_application).count() == 1
    assert client.get(reverse("cases:case", args=[genkyo_application.public_id])).status_code == 200
    assert _viewed(genkyo_application).count() == 2


def test_the_resident_reading_their_own_application_in_the_api_is_not_audited(
    client, genkyo_application, resident
):
    login_resident(client, resident)
    url = reverse("api-v1:application-detail", args=[genkyo_application.public_id])
    assert client.get(url).status_code == 200
    assert not _viewed(genkyo_application).exists()
