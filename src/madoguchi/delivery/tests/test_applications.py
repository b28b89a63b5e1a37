"""With the applications module: approval issues the procedure's documents; a "before_submit"
fee is a submit step the resident completes by paying; "after_approval" fees are created on approval."""

import datetime

import pytest

from madoguchi.applications import services as applications
from madoguchi.applications.hooks import first_pending_step
from madoguchi.core.models import Notification, StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.delivery.models import DocumentKind, IssuedDocument, Payment, PaymentState
from madoguchi.delivery.payments import sandbox
from madoguchi.identity.testing import login_staff
from madoguchi.procedures.tests.factories import bundled_procedure

RISAI_DATA = {
    "applicant": {
        "full_name": "国分\u3000花子",
        "full_name_kana": "コクブ\u3000ハナコ",
        "birth_date": "1988-05-03",
        "postal_code": "185-0012",
        "address": "東京都国分寺市本町二丁目1番1号",
        "phone": "042-325-0111",
        "relationship": "世帯主",
    },
    "disaster": {
        "disaster_name": "令和8年台風第15号",
        "disaster_date": "2026-09-08",
        "disaster_type": "風水害（台風・豪雨等）",
        "property_address": "東京都国分寺市本町二丁目1番1号",
        "household_head": "国分\u3000花子",
        "building_type": "一戸建て",
        "ownership": "持ち家",
        "structure": "木造",
    },
    "damage": {
        "damaged_parts": ["屋根"],
        "inundation": "なし",
        "tilt": False,
        "summary": "屋根瓦が飛散した",
        "self_assessment": True,
    },
    "issuance": {"copies": 1, "purpose": "保険金の請求", "delivery": "電子交付"},
    "declarations": {"survey_consent": True, "truthful": True},
}


@pytest.fixture
def risai(departments):
    return bundled_procedure("risai-shomei")


@pytest.fixture
def chief(departments):
    return staff_member(
        departments["bosai"], StaffRole.Role.REVIEW, StaffRole.Role.APPROVAL, username="bosai-chief"
    )


@pytest.fixture
def submitted(risai, resident, chief):
    return applications.submit_application(
        risai,
        applicant=resident,
        data=RISAI_DATA,
        channel="counter",
        by=chief,
        documents_received=["higai-shashin"],
    )


def test_approval_issues_the_risai_certificate(submitted, chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        applications.approve(submitted, by=chief, note="半壊")
    document = IssuedDocument.objects.get(subject_id=str(submitted.pk))
    assert document.kind == DocumentKind.RISAI
    assert document.person == submitted.applicant
    assert document.receipt_number == submitted.receipt_number
    notice = Notification.objects.get(template="delivery/document_issued")
    assert notice.recipient == submitted.applicant and f"/verify/{document.number}" in notice.body
    from madoguchi.applications.hooks import render_detail_panels

    assert any(document.number in html for html in render_detail_panels(None, submitted))


def test_a_procedure_can_ask_for_a_decision_notice(
    risai, resident, chief, django_capture_on_commit_callbacks
):
    version = risai.current_version
    version.ui_schema = {**version.ui_schema, "delivery": {"on_approval": ["decision"]}}
    version.save(update_fields=["ui_schema"])
    application = applications.submit_application(
        risai,
        applicant=resident,
        data=RISAI_DATA,
        channel="counter",
        by=chief,
        documents_received=["higai-shashin"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        applications.approve(application, by=chief)
    kinds = set(IssuedDocument.objects.filter(subject_id=str(application.pk)).values_list("kind", flat=True))
    assert kinds == {"decision", "risai"}


def test_before_submit_fee_is_a_submit_step_paid_by_card(client, risai, resident):
    from madoguchi.identity.testing import login_resident, resident_user

    risai.fee, risai.payment_timing = 300, "before_submit"
    risai.save(update_fields=["fee", "payment_timing"])
    draft = applications.start_application(risai, applicant=resident, by=resident_user(resident))
    step = first_pending_step(draft)
    assert step is not None and step.code == "payment"
    login_resident(client, resident)
    response = client.get(step.url(draft))
    assert response.status_code == 302
    payment = Payment.objects.get(subject_id=str(draft.pk))
    assert payment.amount == 300 and payment.procedure_code == "risai-shomei"
    checkout = client.post(f"/delivery/payments/{payment.reference}/")["Location"]
    client.post(checkout, {"card_number": sandbox.CARD_SUCCESS, "expiry": "12/30", "cvc": "123"})
    payment.refresh_from_db()
    assert payment.state == PaymentState.CAPTURED
    assert first_pending_step(draft) is None


def test_after_approval_fee_is_created_on_approval(
    risai, resident, chief, django_capture_on_commit_callbacks
):
    risai.fee, risai.payment_timing = 450, "after_approval"
    risai.save(update_fields=["fee", "payment_timing"])
    application = applications.submit_application(
        risai,
        applicant=resident,
        data=RISAI_DATA,
        channel="counter",
        by=chief,
        documents_received=["higai-shashin"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        applications.approve(application, by=chief)
    payment = Payment.objects.get(subject_id=str(application.pk))
    assert (
        payment.amount == 450 and payment.timing == "after_approval" and payment.state == PaymentState.CREATED
    )
    assert payment.created_at.date() <= datetime.date.today() + datetime.timedelta(days=1)


def test_staff_issue_the_document_by_hand_when_needed(
    client, submitted, chief, django_capture_on_commit_callbacks
):
    applications.approve(submitted, by=chief)  # on_commit not run: nothing issued automatically
    assert not IssuedDocument.objects.exists()
    login_staff(client, chief)
    response = client.post(f"/delivery/staff/applications/{submitted.public_id}/issue/risai")
    assert response.status_code == 302
    assert IssuedDocument.objects.get().kind == DocumentKind.RISAI
