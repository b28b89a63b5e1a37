"""Hand-off to a person: an inquiry while staff are at their desks (only the owning department
sees it), a callback request otherwise; the staff answer, close and call back."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from madoguchi.assistant import services
from madoguchi.assistant.models import CallbackRequest, Inquiry
from madoguchi.core.events import events_for
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_resident, login_staff

from .factories import AFTER_HOURS, STAFFED, callback, inquiry, question_log
from .factories_knowledge import faq

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def kodomo():
    return DepartmentFactory(code="kodomo", name="子ども子育て支援課")


@pytest.fixture
def jidoteate(kodomo):
    return faq(
        "jidoteate", question="児童手当の申請をしたい", department=kodomo, variants=["児童手当の手続き"]
    )


@pytest.fixture
def staffed(monkeypatch):
    """Views and services see office hours (a Wednesday 10:00 JST)."""
    monkeypatch.setattr(services.conversation.timezone, "now", lambda: STAFFED)


@pytest.fixture
def after_hours(monkeypatch):
    monkeypatch.setattr(services.conversation.timezone, "now", lambda: AFTER_HOURS)


@pytest.mark.parametrize(
    "moment, open_",
    [
        (datetime.datetime(2025, 10, 8, 8, 29, tzinfo=JST), False),
        (datetime.datetime(2025, 10, 8, 8, 30, tzinfo=JST), True),
        (datetime.datetime(2025, 10, 8, 16, 59, tzinfo=JST), True),
        (datetime.datetime(2025, 10, 8, 17, 0, tzinfo=JST), False),
        (datetime.datetime(2025, 10, 11, 10, 0, tzinfo=JST), False),  # Saturday
        (datetime.datetime(2025, 10, 13, 10, 0, tzinfo=JST), False),  # スポーツの日
        (datetime.datetime(2025, 12, 29, 10, 0, tzinfo=JST), False),  # 年末の閉庁日
        (datetime.datetime(2025, 10, 8, 1, 0, tzinfo=datetime.UTC), True),  # 10:00 JST
    ],
)
def test_staff_are_at_their_desks_on_open_days_within_the_hours(moment, open_):
    assert services.is_staffed(moment) is open_


def test_next_opening_after_a_friday_evening_is_monday_morning():
    friday_evening = datetime.datetime(2025, 10, 10, 18, 0, tzinfo=JST)
    assert services.next_opening(friday_evening) == datetime.datetime(
        2025, 10, 14, 8, 30, tzinfo=JST
    )  # 13th: holiday


def test_hand_off_creates_an_inquiry_only_the_owning_department_sees(client, jidoteate, kodomo, staffed):
    log = services.ask("児童手当の手続き").log
    made = services.hand_off(log, details="電話は090-1234-5678です", email="hanako@example.jp")
    assert made.department == kodomo and made.status == Inquiry.Status.OPEN
    assert "5678" not in made.details and made.question == log.text
    [event] = events_for(made)
    assert event.verb == "assistant_inquiry_received" and event.channel == "online"

    owner = staff_member(kodomo, R.RECEPTION)
    login_staff(client, owner)
    assert made.question in client.get(reverse("assistant_staff:inbox")).content.decode()
    assert client.get(reverse("assistant_staff:inquiry", kwargs={"pk": made.pk})).status_code == 200

    other = staff_member(DepartmentFactory(), R.RECEPTION)
    login_staff(client, other)
    assert made.question not in client.get(reverse("assistant_staff:inbox")).content.decode()
    assert client.get(reverse("assistant_staff:inquiry", kwargs={"pk": made.pk})).status_code == 404
    assert list(services.inquiries_for(other)) == []


def test_a_logged_in_resident_finds_the_inquiry_and_its_reply_on_their_page(
    client, jidoteate, kodomo, staffed
):
    person = PersonFactory(email="hanako@example.jp")
    user = login_resident(client, person)
    log = services.ask("児童手当の手続き").log
    made = services.hand_off(log, user=user)
    assert made.user == user and made.email == "hanako@example.jp"  # the account's address
    services.reply_to_inquiry(made, by=staff_member(kodomo, R.REVIEW), reply="申請書はオンラインで出せます。")
    page = client.get(reverse("assistant:ask")).content.decode()
    assert "申請書はオンラインで出せます。" in page


def test_the_handoff_page_posts_an_inquiry_in_hours(client, jidoteate, kodomo, staffed):
    asked = services.ask("児童手当の手続き")
    url = f"{reverse('assistant:handoff')}?t={asked.token}"
    page = client.get(url).content.decode()
    assert "職員に問い合わせる" in page and "子ども子育て支援課" in page
    response = client.post(
        url, {"t": asked.token, "department": kodomo.pk, "phone": "０４２－３２５－０１１１"}
    )
    assert response.status_code == 200
    made = Inquiry.objects.get()
    assert made.phone == "042-325-0111" and made.department == kodomo


def test_hand_off_without_any_contact_is_refused(jidoteate, staffed):
    log = services.ask("児童手当の手続き").log
    with pytest.raises(ValidationError) as refused:
        services.hand_off(log)
    assert "電話番号かメールアドレス" in str(refused.value)
    assert not Inquiry.objects.exists()


def test_a_department_not_offered_cannot_be_chosen(jidoteate, staffed):
    log = services.ask("児童手当の手続き").log
    with pytest.raises(ValidationError):
        services.hand_off(log, department=DepartmentFactory(), email="a@example.jp")
    assert not Inquiry.objects.exists()


def test_outside_hours_the_inquiry_is_refused_and_a_callback_taken(client, jidoteate, kodomo, after_hours):
    asked = services.ask("児童手当の手続き")
    with pytest.raises(ValidationError):
        services.hand_off(asked.log, email="a@example.jp")
    url = f"{reverse('assistant:handoff')}?t={asked.token}"
    page = client.get(url).content.decode()
    assert "折返しを依頼する" in page
    response = client.post(
        url,
        {
            "t": asked.token,
            "department": kodomo.pk,
            "name": "国分 花子",
            "phone": "090-1234-5678",
            "preferred_on": "2025-10-09",
            "preferred_time": "morning",
        },
    )
    assert response.status_code == 200, response.content.decode()
    made = CallbackRequest.objects.get()
    assert (made.department, made.name, made.phone, made.preferred_time) == (
        kodomo,
        "国分 花子",
        "090-1234-5678",
        "morning",
    )
    assert made.preferred_on == datetime.date(2025, 10, 9)
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": "", "phone": "090-1234-5678"}, "name", "お名前を入力してください。"),
        ({"name": "国分 花子"}, "phone", "電話番号かメールアドレス"),
        ({"name": "国分 花子", "email": "not-an-address"}, "email", "メールアドレスの形式"),
        ({"name": "国分 花子", "phone": "090", "preferred_on": "2025-10-11"}, "preferred_on", "開庁日"),
    ],
)
def test_a_bad_callback_request_says_what_to_fix(jidoteate, after_hours, data, field, message):
    log = services.ask("児童手当の手続き").log
    preferred = data.pop("preferred_on", None)
    with pytest.raises(ValidationError) as refused:
        services.request_callback(
            log, preferred_on=datetime.date.fromisoformat(preferred) if preferred else None, **data
        )
    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not CallbackRequest.objects.exists()


def test_staff_answer_and_close_an_inquiry(client, kodomo, django_capture_on_commit_callbacks):
    item = inquiry(department=kodomo)
    user = staff_member(kodomo, R.REVIEW)
    login_staff(client, user)
    url = reverse("assistant_staff:inquiry", kwargs={"pk": item.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reply": "窓口でお手続きください。"}).status_code == 302
    item.refresh_from_db()
    assert item.status == Inquiry.Status.ANSWERED and item.reply == "窓口でお手続きください。"
    assert len(mail.outbox) == 1 and "窓口でお手続きください。" in mail.outbox[0].body
    client.post(reverse("assistant_staff:inquiry_close", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.status == Inquiry.Status.CLOSED
    assert [e.verb for e in events_for(item)] == ["assistant_inquiry_replied", "assistant_inquiry_closed"]


def test_an_empty_reply_is_refused_next_to_the_field(client, kodomo):
    item = inquiry(department=kodomo)
    login_staff(client, staff_member(kodomo, R.REVIEW))
    response = client.post(reverse("assistant_staff:inquiry", kwargs={"pk": item.pk}), {"reply": ""})
    assert "回答を入力してください。" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Inquiry.Status.OPEN


def test_staff_mark_a_callback_done(client, kodomo):
    item = callback(department=kodomo)
    login_staff(client, staff_member(kodomo, R.RECEPTION))
    client.post(reverse("assistant_staff:callback", kwargs={"pk": item.pk}), {"note": "10時に電話済み"})
    item.refresh_from_db()
    assert item.done_at is not None and item.note == "10時に電話済み"


def test_another_department_cannot_reply(kodomo):
    item = inquiry(department=kodomo)
    with pytest.raises(PermissionDenied):
        services.reply_to_inquiry(item, by=staff_member(DepartmentFactory(), R.REVIEW), reply="x")


def test_a_question_without_a_department_goes_to_the_general_counter(staffed):
    shimin = DepartmentFactory(code="shimin", name="市民課")
    log = question_log("よくわからない質問", confident=False)
    assert services.handoff_departments(log) == [shimin]
    assert services.hand_off(log, email="a@example.jp").department == shimin
