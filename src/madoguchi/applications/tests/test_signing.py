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
from madoguchi.procedures.tests.conftest import definition

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
