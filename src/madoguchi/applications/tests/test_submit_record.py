"""What one 受付 stores: the application's own fields, its one "submitted" Event, the resident's
notice, the state signal, 個人番号 apart from the data, the documents a draft already holds, and
the push invitation it answers. Written against the mutation gate on `submit_application`
(docs/quality/mutation.md): each test pins values that a changed line of that function alters."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from madoguchi.applications import services
from madoguchi.applications.examples import example_data
from madoguchi.applications.models import Application, PushInvitation, SignatureStatus
from madoguchi.applications.signals import application_state_changed
from madoguchi.core.models import Notification
from madoguchi.identity.testing import resident_user
from madoguchi.procedures.services import FormDataError, load_procedure_definition, prune
from madoguchi.procedures.tests.factories import definition

from .conftest import genkyo_data

pytestmark = pytest.mark.django_db
JST = datetime.timezone(datetime.timedelta(hours=9))
RECEIVED = datetime.datetime(2026, 5, 8, 10, 0, tzinfo=JST)  # a Friday of 令和8年度, after the holidays
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _apart():
    """The 現況届 with the child living apart: the 別居監護申立書 (bekkyo-kango) is then required."""
    data = genkyo_data()
    data["status"]["list"][0].update(living="別居", address="東京都府中市宮西町1丁目1番地")
    return data


def _pdf(kind):
    return (kind, SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf"))


@pytest.fixture
def state_signals():
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    application_state_changed.connect(receiver)
    yield sent
    application_state_changed.disconnect(receiver)


def test_an_online_submit_records_who_when_how_and_one_event(
    genkyo, resident, state_signals, django_capture_on_commit_callbacks
):
    user = resident_user(resident)
    with django_capture_on_commit_callbacks(execute=True):
        app = services.submit_application(
            genkyo,
            applicant=resident,
            data=genkyo_data(),
            channel="online",
            by=user,
            idempotency_key="key-1",
            received_at=RECEIVED,
        )
    app = Application.objects.get(pk=app.pk)
    assert (app.procedure, app.procedure_version, app.applicant, app.department) == (
        genkyo,
        genkyo.current_version,
        resident,
        genkyo.department,
    )
    assert (app.state, app.channel, app.idempotency_key) == ("submitted", "online", "key-1")
    assert app.submitted_at == RECEIVED and app.submitted_by == user
    assert app.receipt_number == "R8-000001"  # the fiscal year of the time received, not of today
    assert app.due_date == datetime.date(2026, 6, 5)  # 20 business days on
    assert app.data == genkyo_data() and app.secret_data == ""
    assert app.signature_status == SignatureStatus.NONE and not app.signature_detail
    event = app.events().get()
    assert (event.verb, event.actor, event.channel) == ("submitted", user, "online")
    assert event.data == {"receipt_number": "R8-000001", "procedure": genkyo.code, "version": 1}
    notice = Notification.objects.get()
    assert (notice.recipient, notice.template) == (resident, "applications/notifications/submitted")
    assert len(state_signals) == 1
    signal = state_signals[0]
    assert (signal["application"].pk, signal["from_state"], signal["to_state"], signal["actor"]) == (
        app.pk,
        "draft",
        "submitted",
        user,
    )


def test_without_a_time_received_the_submit_is_stamped_now(genkyo, resident):
    before = datetime.datetime.now(datetime.UTC)
    app = services.submit_application(
        genkyo, applicant=resident, data=genkyo_data(), channel="online", by=resident_user(resident)
    )
    assert before <= app.submitted_at <= datetime.datetime.now(datetime.UTC)
    assert app.idempotency_key is None  # no key: none stored (the unique constraint ignores NULL)


def test_a_paper_submit_names_the_staff_member_and_the_documents_received(
    genkyo, resident, childcare_staff, state_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = services.submit_application(
            genkyo,
            applicant=resident,
            data=_apart(),
            channel="postal",
            by=childcare_staff,
            documents_received=["juminhyo-child", "bekkyo-kango"],
        )
    assert (app.channel, app.submitted_by) == ("postal", childcare_staff)
    event = app.events().get()
    assert event.actor == childcare_staff and event.channel == "postal"
    assert event.data["documents_received"] == ["bekkyo-kango", "juminhyo-child"]
    assert state_signals[0]["actor"] == childcare_staff


def test_documents_received_on_paper_count_only_off_line(genkyo, resident, childcare_staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(FormDataError) as missing:
        services.submit_application(
            genkyo, applicant=resident, data=_apart(), channel="postal", by=childcare_staff
        )
    assert list(missing.value.message_dict) == ["attachment-bekkyo-kango"]
    with pytest.raises(ValidationError, match="紙で受け取った書類は登録できません"):
        services.submit_application(
            genkyo,
            applicant=resident,
            data=_apart(),
            channel="online",
            by=resident_user(resident),
            documents_received=["bekkyo-kango"],
        )
    assert not Application.objects.exists()


def test_a_document_uploaded_with_the_submit_is_stored_and_counts(genkyo, resident):
    user = resident_user(resident)
    with pytest.raises(FormDataError) as missing:
        services.submit_application(genkyo, applicant=resident, data=_apart(), channel="online", by=user)
    assert missing.value.message_dict == {
        "attachment-bekkyo-kango": ["「別居監護申立書（児童と別居している場合）」を添付してください。"]
    }
    app = services.submit_application(
        genkyo,
        applicant=resident,
        data=_apart(),
        channel="online",
        by=user,
        attachments=[_pdf("bekkyo-kango")],
    )
    stored = app.attachments.get()
    assert (stored.kind, stored.uploaded_by, stored.original_name) == (
        "bekkyo-kango",
        user,
        "bekkyo-kango.pdf",
    )


def test_a_document_already_on_the_draft_counts_at_submit(genkyo, resident):
    """Uploaded on the draft's attachments page, not sent again with the final 「申請する」."""
    user = resident_user(resident)
    draft = services.start_application(genkyo, applicant=resident, by=user)
    services.save_draft(draft, by=user, data=_apart())
    services.store_attachment(draft, by=user, kind="bekkyo-kango", upload=_pdf("bekkyo-kango")[1])
    app = services.submit_draft(draft, by=user)
    assert app.pk == draft.pk
    app = Application.objects.get(pk=draft.pk)
    assert app.state == "submitted" and app.receipt_number
    assert list(app.attachments.values_list("kind", flat=True)) == ["bekkyo-kango"]


def test_a_draft_without_the_document_is_refused_and_stays_a_draft(genkyo, resident):
    user = resident_user(resident)
    draft = services.start_application(genkyo, applicant=resident, by=user)
    services.save_draft(draft, by=user, data=_apart())
    services.store_attachment(draft, by=user, kind="juminhyo-child", upload=_pdf("juminhyo-child")[1])
    with pytest.raises(FormDataError) as missing:
        services.submit_draft(draft, by=user)
    assert list(missing.value.message_dict) == ["attachment-bekkyo-kango"]
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_my_number_is_kept_apart_from_the_data(departments, resident):
    """個人番号 go to `secret_data` (encrypted); `data`, which lists and exports show, holds the mask."""
    nintei = load_procedure_definition(definition("jidou-teate-nintei"))
    schema = nintei.current_version.schema
    data = example_data(schema)
    data["bank_account"]["method"] = "公金受取口座"  # no 通帳の写し needed
    data = prune(nintei.current_version.ui_schema, data)
    app = services.submit_application(
        nintei, applicant=resident, data=data, channel="online", by=resident_user(resident)
    )
    app = Application.objects.get(pk=app.pk)
    secrets = json.loads(app.secret_data)
    assert secrets, "the example answers carry a 個人番号"
    public = json.dumps(app.data, ensure_ascii=False)
    for path, number in secrets.items():
        assert number not in public, path
    assert services.full_data(app) == data


def test_the_push_invitation_a_draft_answers_is_marked_answered(genkyo, resident):
    invitation = PushInvitation.objects.create(
        procedure=genkyo, person=resident, rule="genkyo", period="2026", deadline=datetime.date(2026, 6, 30)
    )
    other = PushInvitation.objects.create(
        procedure=genkyo, person=resident, rule="genkyo", period="2025", deadline=datetime.date(2025, 6, 30)
    )
    user = resident_user(resident)
    draft = services.start_application(genkyo, applicant=resident, by=user, invitation=invitation)
    services.save_draft(draft, by=user, data=genkyo_data())
    services.submit_application(
        genkyo,
        applicant=resident,
        data=genkyo_data(),
        channel="online",
        by=user,
        draft=draft,
        received_at=RECEIVED,
    )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_at) == (PushInvitation.Status.ANSWERED, RECEIVED)
    other.refresh_from_db()
    assert other.status == PushInvitation.Status.SENT and other.answered_at is None


@pytest.mark.parametrize(
    ("valid", "status"), [(True, SignatureStatus.VALID), (False, SignatureStatus.INVALID)]
)
def test_the_signature_check_is_stored_with_the_application(genkyo, resident, valid, status):
    detail = {"valid": valid, "code": "ok" if valid else "altered", "message": "…"}
    app = services.submit_application(
        genkyo,
        applicant=resident,
        data=genkyo_data(),
        channel="online",
        by=resident_user(resident),
        signature=detail,
    )
    app = Application.objects.get(pk=app.pk)
    assert (app.signature_status, app.signature_detail) == (status, detail)
