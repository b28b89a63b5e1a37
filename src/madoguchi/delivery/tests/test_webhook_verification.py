"""The sandbox provider's webhook verification: only what the gateway signed, recently, is read.

The endpoint answers the gateway `400 refused: <code>` and logs the code, so each refusal's code
is part of the contract (the gateway's dashboard shows it; operations search the log for it)."""

import json
import time

import pytest

from madoguchi.delivery.payments import WebhookRejected
from madoguchi.delivery.payments.sandbox import SIGNATURE_HEADER, TOLERANCE_SECONDS, SandboxProvider, sign

EVENT = {
    "id": "evt_test_1",
    "type": "payment.succeeded",
    "data": {"session_id": "cs_test_1", "merchant_reference": "PAY-1", "amount": 300, "failure_code": ""},
}
BODY = json.dumps(EVENT).encode()


def verify(body=BODY, header=None, **headers):
    if header is not None:
        headers[SIGNATURE_HEADER] = header
    return SandboxProvider().verify_webhook(body, headers)


def refusal(body=BODY, header=None, **headers) -> str:
    with pytest.raises(WebhookRejected) as info:
        verify(body, header, **headers)
    return info.value.code


def test_a_signed_recent_event_is_read():
    event = verify(header=sign(BODY))
    assert (event.id, event.type, event.merchant_reference, event.provider_payment_id, event.amount) == (
        "evt_test_1",
        "payment.succeeded",
        "PAY-1",
        "cs_test_1",
        300,
    )
    assert event.data == EVENT["data"]


def test_the_header_is_found_whatever_its_case_or_wsgi_name():
    assert verify(**{SIGNATURE_HEADER.upper(): sign(BODY)}).id == "evt_test_1"
    assert verify(**{"HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"): sign(BODY)}).id == "evt_test_1"


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "no_signature"),
        ("", "no_signature"),
        ("garbage", "bad_signature"),
        ("t=notanumber,v1=00", "bad_signature"),
        ("v1=00", "bad_signature"),
        ("t=1", "bad_signature"),
    ],
)
def test_a_missing_or_malformed_header_is_refused_with_its_code(header, code):
    assert refusal(header=header) == code


def test_a_signature_by_another_secret_or_over_another_body_is_refused():
    assert refusal(header=sign(BODY, secret="not-the-gateway")) == "bad_signature"
    assert refusal(body=BODY.replace(b"300", b"30"), header=sign(BODY)) == "bad_signature"


def test_the_signed_timestamp_is_part_of_the_signature():
    """Replaying an old signature with a fresh t= does not pass: t is inside the MAC."""
    old = sign(BODY, timestamp=int(time.time()) - 3600)
    forged = f"t={int(time.time())},v1={old.split('v1=', 1)[1]}"
    assert refusal(header=forged) == "bad_signature"


@pytest.mark.parametrize("skew", [-TOLERANCE_SECONDS - 5, TOLERANCE_SECONDS + 5])
def test_a_signature_outside_the_tolerance_is_stale(skew):
    assert refusal(header=sign(BODY, timestamp=int(time.time()) + skew)) == "stale"


@pytest.mark.parametrize("skew", [-TOLERANCE_SECONDS + 5, TOLERANCE_SECONDS - 5])
def test_a_signature_inside_the_tolerance_is_accepted(skew):
    assert verify(header=sign(BODY, timestamp=int(time.time()) + skew)).id == "evt_test_1"


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{}", json.dumps({"id": "e", "type": "t"}).encode(), b'{"id":"e","type":"t","data":1}'],
)
def test_a_signed_body_that_is_not_an_event_is_refused(body):
    assert refusal(body=body, header=sign(body)) == "bad_body"


def test_optional_event_fields_default():
    body = json.dumps(
        {"id": "e2", "type": "payment.failed", "data": {"merchant_reference": "PAY-2"}}
    ).encode()
    event = verify(body=body, header=sign(body))
    assert (event.provider_payment_id, event.amount, event.failure_code) == ("", None, "")


@pytest.mark.django_db
def test_the_endpoint_answers_the_gateway_with_the_code(client):
    response = client.post("/delivery/webhooks/sandbox/", BODY, content_type="application/json")
    assert response.status_code == 400 and response.content == b"refused: no_signature"
