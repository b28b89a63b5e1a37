"""The signed webhooks: a bad signature is refused and changes nothing; a replay counts once."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from madoguchi.core.events import events_for
from madoguchi.core.notifications import notify
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.notices.channels import line, sms
from madoguchi.notices.models import ChannelPreference, Delivery, Receipt
from madoguchi.notices.services import line_link_code

from .factories import LINE_USER, prefers

pytestmark = pytest.mark.django_db

SMS_URL, LINE_URL = "/notices/webhooks/sms/", "/notices/webhooks/line/"


@pytest.fixture
def undelivered_sms(the_city, mailroom_department, django_capture_on_commit_callbacks):
    person = PersonFactory(email="")
    prefers(person, ["sms"], mobile="080-1111-9999")
    with django_capture_on_commit_callbacks(execute=True):
        [notice] = notify(person, "notices/notifications/channels_set")
    return Delivery.objects.get(notification=notice), sms.sandbox.receipts[0]


def _state():
    return (
        list(Delivery.objects.order_by("pk").values_list("channel", "status", "fallback")),
        Receipt.objects.count(),
    )


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "t=1,v1=00",
        "v1=" + "0" * 64,
        "t={now},v1=" + "0" * 64,  # fresh timestamp, wrong mac
        "signed with another secret",
        "signed an hour ago",  # a captured request replayed later
    ],
)
def test_bad_sms_signature_is_refused_and_changes_nothing(client, undelivered_sms, signature):
    delivery, receipt = undelivered_sms
    body = json.dumps(receipt).encode()
    if signature == "signed with another secret":
        signature = sms.sign(body, secret="not-our-secret")
    elif signature == "signed an hour ago":
        signature = sms.sign(body, timestamp=int(time.time()) - 3600)
    else:
        signature = signature.format(now=int(time.time()))
    before = _state()
    response = client.post(SMS_URL, body, content_type="application/json", HTTP_X_SMS_SIGNATURE=signature)
    assert response.status_code == 403
    assert _state() == before
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.ACCEPTED


def test_a_tampered_body_is_refused(client, undelivered_sms):
    _delivery, receipt = undelivered_sms
    body, signature = sms.receipt_request(receipt)
    tampered = body.replace(b"undelivered", b"delivered__")
    before = _state()
    assert (
        client.post(
            SMS_URL, tampered, content_type="application/json", HTTP_X_SMS_SIGNATURE=signature
        ).status_code
        == 403
    )
    assert _state() == before


def test_replayed_receipt_is_counted_once(client, undelivered_sms, django_capture_on_commit_callbacks):
    delivery, receipt = undelivered_sms
    body, signature = sms.receipt_request(receipt)
    answers = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                client.post(
                    SMS_URL, body, content_type="application/json", HTTP_X_SMS_SIGNATURE=signature
                ).json()
            )
    assert answers == [{"result": "fell back"}, {"result": "duplicate"}, {"result": "duplicate"}]
    assert Receipt.objects.filter(provider="sms", event_id=receipt["id"]).count() == 1
    assert Delivery.objects.filter(channel="letter").count() == 1  # one fall-back, not three
    assert [e.verb for e in events_for(delivery)].count("notices_receipt") == 1


def test_a_second_failure_report_of_the_same_attempt_falls_back_once(
    client, undelivered_sms, django_capture_on_commit_callbacks
):
    """The provider may send two receipts (failed, then undelivered) with different ids."""
    _delivery, receipt = undelivered_sms
    for event_id, status in (("evt_a", "failed"), ("evt_b", "undelivered")):
        body, signature = sms.receipt_request({**receipt, "id": event_id, "status": status})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(SMS_URL, body, content_type="application/json", HTTP_X_SMS_SIGNATURE=signature)
    assert Delivery.objects.filter(channel="letter").count() == 1


def _line_request(events):
    body = json.dumps({"destination": "Uffffffffffffffffffffffffffffffff", "events": events}).encode()
    return body, line.signature(body)


def _text_event(event_id, text, user=LINE_USER):
    return {
        "type": "message",
        "mode": "active",
        "timestamp": 1767225600000,
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
        "source": {"type": "user", "userId": user},
        "replyToken": "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
        "message": {"type": "text", "id": "444573844083572737", "text": text},
    }


def test_line_signature_is_hmac_sha256_base64_of_the_body(settings):
    body = b'{"events":[]}'
    expected = base64.b64encode(hmac.new(b"line-test-secret", body, hashlib.sha256).digest()).decode()
    assert line.signature(body) == expected


def test_link_code_sent_on_line_links_the_account_once(client, db):
    person = PersonFactory()
    code = line_link_code(person)
    body, signature = _line_request([_text_event("01HZZZ0001", code)])
    assert (
        client.post(
            LINE_URL, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature
        ).status_code
        == 200
    )
    preference = ChannelPreference.objects.get(person=person)
    assert preference.line_user_id == LINE_USER and preference.line_link_code == ""
    # LINE redelivers the same event: taken once
    assert (
        client.post(
            LINE_URL, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature
        ).status_code
        == 200
    )
    assert Receipt.objects.filter(provider="line").count() == 1


def test_bad_line_signature_is_refused_and_links_nothing(client, db):
    person = PersonFactory()
    code = line_link_code(person)
    body, _signature = _line_request([_text_event("01HZZZ0002", code)])
    for signature in ("", base64.b64encode(b"x" * 32).decode(), line.signature(body, secret="another")):
        response = client.post(
            LINE_URL, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature
        )
        assert response.status_code == 403
    assert ChannelPreference.objects.get(person=person).line_user_id == ""
    assert Receipt.objects.count() == 0


def test_unfollow_makes_line_unreachable(client, db):
    person = PersonFactory()
    prefers(person, ["line"], line_user_id=LINE_USER)
    event = {
        "type": "unfollow",
        "webhookEventId": "01HZZZ0003",
        "source": {"type": "user", "userId": LINE_USER},
        "timestamp": 1,
    }
    body, signature = _line_request([event])
    client.post(LINE_URL, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature)
    assert ChannelPreference.objects.get(person=person).line_user_id == ""


def test_webhooks_take_post_only(client, db):
    assert client.get(SMS_URL).status_code == 405
    assert client.get(LINE_URL).status_code == 405
