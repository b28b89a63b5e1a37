"""Notices through every channel: the resident's order, the fall-back, the letters."""

import csv
import datetime
import io
import subprocess

import pytest
from django.core import mail

from madoguchi.core.models import Notification
from madoguchi.core.notifications import notify
from madoguchi.core.tasks import send_notification
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.notices.channels import line, sms
from madoguchi.notices.models import Delivery, Letter
from madoguchi.notices.services import build_batch, channels_for

from .factories import LINE_USER, prefers, resident_without_email

pytestmark = pytest.mark.django_db

TEMPLATE = "notices/notifications/channels_set"


def pdftotext(field) -> str:
    with field.open("rb") as handle:
        data = handle.read()
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_push_invitation_to_a_resident_without_email_is_a_letter_in_the_days_batch(
    the_city, mailroom_department, django_capture_on_commit_callbacks
):
    from madoguchi.applications.push import send_push_invitations
    from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

    demo_departments()
    genkyo = bundled_procedure("jidou-teate-genkyo")
    parent = resident_without_email(relationship="世帯主")
    PersonFactory(
        household=parent.household, relationship="子", birth_date=datetime.date(2019, 1, 1), email=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_push_invitations(genkyo, today=datetime.date(2026, 5, 20))
    assert [i.person for i in sent] == [parent]
    [notice] = Notification.objects.filter(template="applications/notifications/invitation")
    assert (notice.channel, notice.status, notice.recipient) == ("letter", Notification.Status.SENT, parent)
    assert mail.outbox == []

    batch = build_batch(date=datetime.date(2026, 5, 21))
    assert (batch.number, batch.letter_count) == ("20260521-01", 1)
    letter = Letter.objects.get(delivery__notification=notice)
    assert letter.batch == batch and letter.pages >= 1 and batch.page_count == letter.pages
    assert letter.delivery.status == Delivery.Status.PRINTED
    text = pdftotext(batch.pdf)
    assert "〒185-0012" in text
    flat = "".join(text.split())
    assert "東京都国分寺市本町二丁目1番1号" in flat and "郵便花子様" in flat
    assert "".join(notice.subject.split()) in flat  # the notice itself
    assert f"1/{letter.pages}枚" in flat  # the letter's own page count
    rows = list(csv.reader(io.StringIO(batch.manifest.open("rb").read().decode("utf-8-sig"))))
    assert rows[0][:3] == ["番号", "郵便番号", "住所"]
    assert rows[1][:2] == ["20260521-01-0001", "185-0012"] and rows[1][5] == str(letter.pages)
    assert rows[1][6] == "1850012" + "2-1-1" + "CC4" * 8 + "CC8"  # the barcode: data and check character
    assert build_batch(date=datetime.date(2026, 5, 21)) is None  # nothing printed twice


def test_address_block_is_inside_the_envelope_window(
    the_city, mailroom_department, django_capture_on_commit_callbacks
):
    """The postal code, address and name are printed where the 長3 window shows them."""
    import pdfplumber

    from madoguchi.notices.services import layout

    person = resident_without_email()
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, TEMPLATE)
    batch = build_batch()
    mm = 72 / 25.4
    bx, by, bw, bh = layout.block
    with batch.pdf.open("rb") as handle, pdfplumber.open(handle) as pdf:
        words = pdf.pages[0].extract_words()
    for needle in ("〒185-0012", "様"):
        word = next(w for w in words if needle in w["text"])
        assert bx * mm <= word["x0"] and word["x1"] <= (bx + bw) * mm, needle
        assert by * mm <= word["top"] and word["bottom"] <= (by + bh) * mm, needle
    assert (
        layout.block_inside_window()
        and layout.block_inside_window(-2, -4)
        and layout.block_inside_window(8, 3)
    )
    assert not layout.block_inside_window(9, 0)


def test_a_city_that_offers_no_choice_sends_on_its_configured_channels(the_city, settings):
    person = PersonFactory(email="hanako@example.jp")
    prefers(person, ["sms", "letter"], mobile="090-1234-5678")
    assert [n.channel for n in notify(person, TEMPLATE)] == ["sms"]  # the resident's first choice

    settings.MADOGUCHI_NOTICES_CHANNELS = []
    settings.MADOGUCHI_NOTIFIERS = ["email"]
    assert [(n.channel, n.address) for n in notify(person, TEMPLATE)] == [("email", "hanako@example.jp")]


def test_the_attempt_is_recorded_by_the_worker_that_sends_not_by_the_request(
    the_city, django_capture_on_commit_callbacks
):
    person = PersonFactory(email="taro@example.jp")
    prefers(person, ["email"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        [notice] = notify(person, TEMPLATE)
    assert not Delivery.objects.filter(notification=notice).exists()  # the request wrote one row
    for send in queued:
        send()  # the task, as the worker runs it
    delivery = Delivery.objects.get(notification=notice)
    assert delivery.channel == "email" and len(mail.outbox) == 1
    send_notification.apply(args=[notice.pk])  # redelivered after it was sent: no second record
    assert Delivery.objects.filter(notification=notice).count() == 1


def test_failed_sms_falls_back_to_a_letter(the_city, mailroom_department, django_capture_on_commit_callbacks):
    person = resident_without_email()
    prefers(person, ["sms"], mobile="090-1234-0000")  # the sandbox refuses this number (400)
    with django_capture_on_commit_callbacks(execute=True):
        [first] = notify(person, TEMPLATE)
    assert first.channel == "sms"
    first.refresh_from_db()
    assert first.status == Notification.Status.FAILED and "unreachable_number" in first.error
    sms_delivery = Delivery.objects.get(notification=first)
    assert sms_delivery.status == Delivery.Status.FAILED
    assert sms_delivery.fallback.channel == "letter"
    letter = Letter.objects.get(delivery=sms_delivery.fallback)
    assert letter.subject == first.subject and letter.batch is None
    assert build_batch().letters.get() == letter


def test_undelivered_sms_receipt_falls_back_to_the_next_channel(
    the_city, client, django_capture_on_commit_callbacks
):
    person = PersonFactory(email="taro@example.jp")
    prefers(person, ["sms", "email"], mobile="080-1111-9999")  # accepted, then reported undelivered
    with django_capture_on_commit_callbacks(execute=True):
        [first] = notify(person, TEMPLATE)
    delivery = Delivery.objects.get(notification=first)
    assert delivery.status == Delivery.Status.ACCEPTED and delivery.provider_id.startswith("sms_")
    assert sms.sandbox.sent[0]["to"] == "+818011119999" and sms.sandbox.sent[0]["reference"].startswith(
        "notification-"
    )
    assert mail.outbox == []
    body, signature = sms.receipt_request(sms.sandbox.receipts[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/notices/webhooks/sms/", body, content_type="application/json", HTTP_X_SMS_SIGNATURE=signature
        )
    assert response.status_code == 200 and response.json() == {"result": "fell back"}
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.fallback.channel == "email"
    assert [m.to for m in mail.outbox] == [["taro@example.jp"]]


def test_delivered_receipt_marks_the_delivery(the_city, client, django_capture_on_commit_callbacks):
    person = PersonFactory()
    prefers(person, ["sms"], mobile="090-1234-5678")
    with django_capture_on_commit_callbacks(execute=True):
        [first] = notify(person, TEMPLATE)
    body, signature = sms.receipt_request(sms.sandbox.receipts[0])
    response = client.post(
        "/notices/webhooks/sms/", body, content_type="application/json", HTTP_X_SMS_SIGNATURE=signature
    )
    assert response.json() == {"result": "delivered"}
    delivery = Delivery.objects.get(notification=first)
    assert delivery.status == Delivery.Status.DELIVERED and delivery.receipt_at is not None
    assert delivery.fallback is None


def test_sms_rate_limit_429_is_waited_out_and_retried(
    the_city, fresh_sandboxes, django_capture_on_commit_callbacks
):
    sms.sandbox.rate_per_second = 2
    people = [PersonFactory() for _ in range(3)]
    for index, person in enumerate(people):
        prefers(person, ["sms"], mobile=f"090-1234-56{index:02d}")
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            notify(person, TEMPLATE)
    assert len(sms.sandbox.sent) == 3  # the third was answered 429 once, then sent
    assert fresh_sandboxes.slept == [1.0]
    assert Notification.objects.filter(channel="sms", status=Notification.Status.SENT).count() == 3


def test_the_same_delivery_key_is_sent_once(the_city):
    payload = {"to": "+819012345678", "body": "x", "reference": "k"}
    first = sms.sandbox.post_message(payload, idempotency_key="k", api_key="a")
    again = sms.sandbox.post_message(payload, idempotency_key="k", api_key="a")
    assert first.status == 202 and again.body == first.body and len(sms.sandbox.sent) == 1
    message = {"to": LINE_USER, "messages": [{"type": "text", "text": "x"}]}
    assert line.sandbox.push(message, retry_key="r", token="t").status == 200
    assert line.sandbox.push(message, retry_key="r", token="t").status == 409  # LINE: accepted before
    assert len(line.sandbox.sent) == 1


def test_line_push_speaks_the_messaging_api(the_city, django_capture_on_commit_callbacks):
    person = PersonFactory()
    prefers(person, ["line", "email"], line_user_id=LINE_USER)
    with django_capture_on_commit_callbacks(execute=True):
        [notice] = notify(person, TEMPLATE)
    assert notice.channel == "line"
    [pushed] = line.sandbox.sent
    assert pushed["to"] == LINE_USER
    assert pushed["messages"][0]["type"] == "text" and notice.subject in pushed["messages"][0]["text"]
    assert Delivery.objects.get(notification=notice).status == Delivery.Status.ACCEPTED
    assert mail.outbox == []


def test_blocked_line_falls_back_to_email(the_city, django_capture_on_commit_callbacks):
    person = PersonFactory(email="hanako@example.jp")
    prefers(person, ["line", "email"], line_user_id=LINE_USER)
    line.sandbox.blocked.add(LINE_USER)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, TEMPLATE)
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]
    assert list(Delivery.objects.order_by("pk").values_list("channel", "status")) == [
        ("line", Delivery.Status.FAILED),
        ("email", Delivery.Status.QUEUED),  # e-mail has no receipt: the notification says "sent"
    ]


@pytest.mark.parametrize(
    ("preference", "expected"),
    [
        (None, ["email", "letter"]),
        (["sms", "line"], ["sms", "line", "letter"]),
        (["letter", "email"], ["letter", "email"]),
    ],
)
def test_order_of_channels_ends_with_the_letter(db, preference, expected):
    person = PersonFactory()
    if preference:
        prefers(person, preference)
    assert channels_for(person) == expected


def test_a_resident_without_any_address_is_not_notified(db):
    person = PersonFactory(email="", postal_code="", address="")
    assert notify(person, TEMPLATE) == []
