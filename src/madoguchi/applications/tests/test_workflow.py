import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from madoguchi.applications.models import Application, State
from madoguchi.applications.services import (
    approve,
    complete,
    register_paper_application,
    request_correction,
    resubmit,
    start_review,
    submit_application,
    withdraw,
)
from madoguchi.applications.signals import application_state_changed
from madoguchi.core.models import Event, Notification
from madoguchi.identity.testing import login_staff, resident_user
from madoguchi.procedures.validation import FormDataError

from .conftest import genkyo_data

pytestmark = pytest.mark.django_db


def test_submit_gives_receipt_number_and_one_submitted_event(genkyo_application):
    app = genkyo_application
    assert app.state == State.SUBMITTED
    assert app.receipt_number.startswith(("R7-", "R8-", "R9-"))
    assert app.due_date is not None
    assert [e.verb for e in app.events()] == ["submitted"]
    assert app.events().get().channel == "online"
    assert Notification.objects.filter(template="applications/notifications/submitted").count() == 1


def test_receipt_numbers_are_consecutive(genkyo, resident):
    user = resident_user(resident)
    a = submit_application(genkyo, applicant=resident, data=genkyo_data(), channel="online", by=user)
    b = submit_application(genkyo, applicant=resident, data=genkyo_data(), channel="online", by=user)
    assert int(b.receipt_number.split("-")[1]) == int(a.receipt_number.split("-")[1]) + 1


def test_resident_answers_correction_request(
    genkyo_application, resident, childcare_staff, django_capture_on_commit_callbacks
):
    user = resident.user
    seen = []

    def receiver(sender, application, from_state, to_state, actor, **kwargs):
        seen.append((from_state, to_state))

    application_state_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            start_review(genkyo_application, by=childcare_staff)
            request_correction(genkyo_application, by=childcare_staff, reason="受給者番号をご確認ください")
            resubmit(
                genkyo_application,
                by=user,
                data={
                    **genkyo_application.data,
                    "recipient": {**genkyo_application.data["recipient"], "recipient_number": "123456"},
                },
            )
            approve(genkyo_application, by=childcare_staff)
            complete(genkyo_application, by=childcare_staff)
    finally:
        application_state_changed.disconnect(receiver)
    assert genkyo_application.state == State.COMPLETED
    assert [e.verb for e in genkyo_application.events()] == [
        "submitted",
        "review_started",
        "correction_requested",
        "resubmitted",
        "approved",
        "completed",
    ]
    assert seen == [
        ("submitted", "under_review"),
        ("under_review", "correction_requested"),
        ("correction_requested", "resubmitted"),
        ("resubmitted", "approved"),
        ("approved", "completed"),
    ]


def test_other_department_cannot_act(genkyo_application, kaigo_staff):
    with pytest.raises(PermissionDenied):
        start_review(genkyo_application, by=kaigo_staff)
    assert Application.objects.get().state == State.SUBMITTED


def test_invalid_transition_is_refused(genkyo_application, childcare_staff):
    with pytest.raises(ValidationError):
        complete(genkyo_application, by=childcare_staff)


def test_invalid_data_stores_nothing(genkyo, resident):
    with pytest.raises(FormDataError) as info:
        submit_application(
            genkyo,
            applicant=resident,
            data=genkyo_data(postal_code="1858"),
            channel="online",
            by=resident_user(resident),
        )
    assert "recipient.postal_code" in info.value.message_dict
    assert "7桁" in info.value.message_dict["recipient.postal_code"][0]
    assert not Application.objects.exists()
    assert not Event.objects.filter(verb="submitted").exists()


def test_idempotency_key_gives_one_application(genkyo, resident):
    user = resident_user(resident)
    a = submit_application(
        genkyo, applicant=resident, data=genkyo_data(), channel="online", by=user, idempotency_key="k1"
    )
    b = submit_application(
        genkyo, applicant=resident, data=genkyo_data(), channel="online", by=user, idempotency_key="k1"
    )
    assert a.pk == b.pk
    assert Event.objects.filter(verb="submitted").count() == 1


def test_paper_application_is_the_same_record(genkyo, resident, childcare_staff):
    app = register_paper_application(
        genkyo, applicant=resident, data=genkyo_data(), by=childcare_staff, channel="postal"
    )
    assert app.channel == "postal"
    assert app.events().get().channel == "postal"


def test_paper_application_needs_department_role(genkyo, resident, kaigo_staff):
    with pytest.raises(PermissionDenied):
        register_paper_application(genkyo, applicant=resident, data=genkyo_data(), by=kaigo_staff)


def test_resident_withdraws(genkyo_application, resident):
    withdraw(genkyo_application, by=resident.user)
    assert genkyo_application.state == State.WITHDRAWN


def test_submit_answer_survives_a_failed_session_refresh(client, genkyo, resident, monkeypatch, settings):
    """The database blips after the application is committed, while the session's idle timer is
    being refreshed: the resident still gets the receipt (201), not an error for work that was done."""
    settings.MADOGUCHI_SESSION_REFRESH_SECONDS = 0  # this request refreshes the session
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    from madoguchi.identity.testing import login_resident

    login_resident(client, resident)

    def blip(self, must_create=False):
        raise UpdateError

    monkeypatch.setattr(SessionStore, "save", blip)
    response = client.post(
        "/api/v1/applications/",
        {"procedure": "jidou-teate-genkyo", "data": genkyo_data()},
        content_type="application/json",
        headers={"Idempotency-Key": "blip"},
    )
    assert response.status_code == 201
    assert Application.objects.get(idempotency_key="blip").receipt_number == response.json()["receipt_number"]


def test_api_submit_with_idempotency_key(client, genkyo, resident, childcare_staff):
    from madoguchi.identity.testing import login_resident

    login_resident(client, resident)
    body = {"procedure": "jidou-teate-genkyo", "data": genkyo_data()}
    first = client.post(
        "/api/v1/applications/", body, content_type="application/json", headers={"Idempotency-Key": "abc"}
    )
    again = client.post(
        "/api/v1/applications/", body, content_type="application/json", headers={"Idempotency-Key": "abc"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["receipt_number"]
    assert Application.objects.count() == 1
    assert [a["id"] for a in client.get("/api/v1/applications/").json()["results"]] == [first.json()["id"]]
    # staff of the department move it through the API

    login_staff(client, childcare_staff)
    moved = client.post(
        f"/api/v1/applications/{first.json()['id']}/transitions/",
        {"action": "start_review"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["state"] == "under_review"
    bad = client.post(
        f"/api/v1/applications/{first.json()['id']}/transitions/",
        {"action": "complete"},
        content_type="application/json",
    )
    assert bad.status_code == 400
