"""card_sign procedures: the resident signs exactly the submitted data with the card; the
signature is verified and stored on the case. A signature over other data submits nothing."""

import base64

import pytest
from django.urls import reverse

from madoguchi.applications.examples import example_data
from madoguchi.applications.models import Application, SignatureStatus, State
from madoguchi.applications.services import full_data, save_draft, start_application
from madoguchi.identity import pki
from madoguchi.identity.signatures import canonical_bytes
from madoguchi.identity.signing import RESULT_KEY, sign_detached
from madoguchi.identity.testing import login_resident
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def kifu(departments):
    return load_procedure_definition(definition("jidou-teate-kifu"))


def _draft(client, procedure, resident):
    user = login_resident(client, resident)
    draft = start_application(procedure, applicant=resident, by=user)
    save_draft(draft, by=user, data=example_data(procedure.current_version.schema))
    return draft


def _return_with_signature(client, data: dict, resident):
    key, cert, chain = pki.card_signer(resident)
    session = client.session
    session[RESULT_KEY] = base64.b64encode(
        sign_detached(canonical_bytes(data), key=key, certificate=cert, chain=chain)
    ).decode()
    session.save()


def test_signed_submission(client, kifu, resident):
    assert kifu.assurance == "card_sign"
    draft = _draft(client, kifu, resident)
    response = client.post(
        reverse("applications:submit", args=[draft.public_id]), {"declaration": "yes", "idempotency_key": "k"}
    )
    assert "/idp/sign/" in response.url
    assert Application.objects.get().state == State.DRAFT  # nothing sent before the signature
    _return_with_signature(client, full_data(Application.objects.get()), resident)
    response = client.get(reverse("applications:signed", args=[draft.public_id]))
    assert response.url == reverse("applications:done", args=[draft.public_id])
    app = Application.objects.get()
    assert app.state == State.SUBMITTED
    assert app.signature_status == SignatureStatus.VALID
    assert app.signature_detail["valid"] is True


def test_signature_over_other_data_submits_nothing(client, kifu, resident):
    draft = _draft(client, kifu, resident)
    client.post(reverse("applications:submit", args=[draft.public_id]), {"declaration": "yes"})
    _return_with_signature(client, {"something": "else"}, resident)
    response = client.get(reverse("applications:signed", args=[draft.public_id]))
    assert response.url == reverse("applications:check", args=[draft.public_id])
    assert Application.objects.get().state == State.DRAFT


def test_resubmission_after_a_correction_request_is_signed_again(client, kifu, resident, departments):
    """補正: what the resident resubmits is signed again with the card, not covered by the first signature."""
    from madoguchi.applications.services import request_correction, start_review
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import staff_member

    draft = _draft(client, kifu, resident)
    client.post(reverse("applications:submit", args=[draft.public_id]), {"declaration": "yes"})
    _return_with_signature(client, full_data(Application.objects.get()), resident)
    client.get(reverse("applications:signed", args=[draft.public_id]))
    app = Application.objects.get()
    assert app.state == State.SUBMITTED
    staff = staff_member(kifu.department, StaffRole.Role.REVIEW, username="kifu-review")
    start_review(app, by=staff)
    request_correction(app, by=staff, reason="寄附する額をご確認ください")
    Application.objects.filter(pk=app.pk).update(signature_detail={"first": True})
    first_data = full_data(app)
    assert first_data["donation"]["amount_mode"] == "全額"
    part = {"amount_mode": "一部（月額を指定）", "monthly_amount": 5000}
    corrected = {**first_data, "donation": {**first_data["donation"], **part}}
    save_draft(app, by=app.applicant.user, data=corrected)

    response = client.post(reverse("applications:submit", args=[app.public_id]), {"declaration": "yes"})
    assert "/idp/sign/" in response.url
    assert Application.objects.get().state == State.CORRECTION_REQUESTED  # nothing resent unsigned
    # the first submission's data, signed again, does not resubmit the corrected data
    _return_with_signature(client, first_data, resident)
    response = client.get(reverse("applications:signed", args=[app.public_id]))
    assert response.url == reverse("applications:check", args=[app.public_id])
    assert Application.objects.get().state == State.CORRECTION_REQUESTED

    client.post(reverse("applications:submit", args=[app.public_id]), {"declaration": "yes"})
    _return_with_signature(client, full_data(Application.objects.get()), resident)
    response = client.get(reverse("applications:signed", args=[app.public_id]))
    assert response.url == reverse("applications:done", args=[app.public_id])
    app = Application.objects.get()
    assert app.state == State.RESUBMITTED
    assert app.data["donation"]["monthly_amount"] == 5000
    assert app.signature_status == SignatureStatus.VALID
    assert app.signature_detail["valid"] is True and "first" not in app.signature_detail
    assert [e.verb for e in app.events()][-1] == "resubmitted"
    assert app.events().last().data == {"signed": True}
