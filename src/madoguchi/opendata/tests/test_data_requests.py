"""データ公開の要望: a resident asks, the owning department answers (公開予定 / 公開済み / 公開できない),
followers hear of it; departments record 連携・協働検討. Bad input changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from madoguchi.core.models import Event, Notification, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_resident, login_staff, resident_user
from madoguchi.opendata import services
from madoguchi.opendata.models import Collaboration, DataRequest, DataRequestFollow

from .factories import DatasetFactory

pytestmark = pytest.mark.django_db

Status = DataRequest.Status
ANSWERED = "opendata/emails/request_answered"


@pytest.fixture
def resident(city):
    return PersonFactory()


@pytest.fixture
def bosai_reviewer(bosai):
    """審査 in 防災安全課: edits and publishes datasets, so answers the department's requests."""
    return staff_member(bosai, StaffRole.Role.REVIEW, username="bosai-reviewer")


def ask(resident, bosai, **overrides):
    fields = {
        "title": "AED設置場所の一覧",
        "description": "市内のAED設置場所と利用できる時間帯",
        "purpose": "救命講習の地図アプリで使いたい",
        "preferred_format": "CSV",
        "requester_kind": "civic_tech",
        "organisation_name": "Code for テスト",
        **overrides,
    }
    return services.submit_data_request(by=resident_user(resident), department=bosai, **fields)


def test_a_resident_asks_and_sees_the_request_on_the_public_list(client, resident, bosai):
    login_resident(client, resident)
    response = client.post(
        reverse("opendata:request_new"),
        {
            "title": "AED設置場所の一覧",
            "description": "市内のAED設置場所",
            "purpose": "地図アプリで使いたい",
            "preferred_format": "CSV",
            "department": bosai.pk,
            "requester_kind": "resident",
            "organisation_name": "",
        },
    )
    data_request = DataRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == data_request.get_absolute_url()
    assert data_request.status == Status.OPEN and data_request.department == bosai
    assert data_request.requested_by == resident.user
    assert list(DataRequestFollow.objects.values_list("user", flat=True)) == [resident.user.pk]
    assert [e.verb for e in Event.objects.filter(subject_type="opendata.datarequest")] == [
        "data_request_submitted"
    ]
    listing = Client().get(reverse("opendata:requests")).content.decode()
    assert "AED設置場所の一覧" in listing and "回答待ち" in listing
    page = Client().get(data_request.get_absolute_url()).content.decode()
    for personal in (f"{resident.family_name}{resident.given_name}", resident.email):
        assert personal not in page  # who asked is not published


def test_asking_needs_a_login(client, city, bosai):
    response = client.get(reverse("opendata:request_new"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    with pytest.raises(PermissionDenied):
        from django.contrib.auth.models import AnonymousUser

        services.submit_data_request(
            by=AnonymousUser(), department=bosai, title="x", description="x", purpose="x"
        )
    assert not DataRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "ほしいデータを入力してください。"),
        ("title", "あ" * 201, "200文字以内で入力してください（いまは201文字です）。"),
        ("description", "", "データの内容（項目・期間・範囲など）を入力してください。"),
        ("purpose", "", "データを使いたい目的を入力してください。"),
        ("preferred_format", "PDF", "希望する形式を一覧から選んでください。"),
        ("requester_kind", "spy", "区分を一覧から選んでください。"),
        ("organisation_name", "団" * 101, "団体・事業者名は100文字以内で入力してください。"),
    ],
)
def test_a_bad_request_is_refused_with_its_message_and_nothing_is_stored(
    resident, bosai, field, value, message
):
    with pytest.raises(ValidationError) as refused:
        ask(resident, bosai, **{field: value})
    assert refused.value.message_dict == {field: [message]}
    assert not DataRequest.objects.exists() and not Event.objects.exists()


def test_the_form_says_what_is_missing_in_japanese_and_english(client, resident, bosai):
    login_resident(client, resident)
    for language, text in [("ja", "この項目は必須です。"), ("en", "This field is required.")]:
        page = client.post(
            reverse("opendata:request_new"),
            {"title": "", "department": bosai.pk},
            HTTP_ACCEPT_LANGUAGE=language,
        ).content.decode()
        assert text in page
    english = client.get(reverse("opendata:request_new"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Request data to be published" in english
    assert not DataRequest.objects.exists()


def test_the_department_answers_planned_and_every_follower_hears_of_it(resident, bosai, bosai_reviewer):
    data_request = ask(resident, bosai)
    other = PersonFactory()
    services.follow_data_request(data_request, user=resident_user(other))
    services.answer_data_request(
        data_request,
        by=bosai_reviewer,
        status=Status.PLANNED,
        planned_for="令和7年度中",
        answer="準備中です。",
    )
    data_request.refresh_from_db()
    assert (data_request.status, data_request.planned_for) == (Status.PLANNED, "令和7年度中")
    assert data_request.taken_up_at == data_request.answered_at
    sent = Notification.objects.filter(template=ANSWERED)
    assert sorted(n.recipient_user_id for n in sent) == sorted([resident.user.pk, other.user.pk])
    assert "公開予定" in sent[0].body and "令和7年度中" in sent[0].body


def test_published_links_the_dataset_and_the_public_page_shows_it(client, resident, bosai, bosai_reviewer):
    data_request = ask(resident, bosai)
    dataset = DatasetFactory(published=True, organization=bosai, title="AED設置箇所一覧")
    services.answer_data_request(data_request, by=bosai_reviewer, status=Status.PUBLISHED, dataset=dataset)
    page = client.get(data_request.get_absolute_url()).content.decode()
    assert "公開済み" in page and reverse("opendata:dataset", args=[dataset.name]) in page


@pytest.mark.parametrize(
    ("answer", "field", "message"),
    [
        ({"status": "open"}, "status", "回答は「公開予定」「公開済み」「公開できない」から選んでください。"),
        ({"status": "refused", "answer": " "}, "answer", "公開できない理由を入力してください。"),
        (
            {"status": "published"},
            "dataset",
            "公開済みと回答するには、公開中のデータセットを選んでください。",
        ),
        (
            {"status": "published", "dataset": "draft"},
            "dataset",
            "公開済みと回答するには、公開中のデータセットを選んでください。",
        ),
        (
            {"status": "planned"},
            "planned_for",
            "公開予定時期（例：令和7年度中）か、回答の内容を入力してください。",
        ),
    ],
)
def test_a_bad_answer_is_refused_and_changes_nothing(resident, bosai, bosai_reviewer, answer, field, message):
    data_request = ask(resident, bosai)
    if answer.get("dataset") == "draft":
        answer = {**answer, "dataset": DatasetFactory(organization=bosai)}
    with pytest.raises(ValidationError) as refused:
        services.answer_data_request(data_request, by=bosai_reviewer, **answer)
    assert refused.value.message_dict == {field: [message]}
    data_request.refresh_from_db()
    assert data_request.status == Status.OPEN and data_request.answered_at is None
    assert not Notification.objects.filter(template=ANSWERED).exists()


def test_another_department_cannot_answer_and_a_receptionist_cannot_publish_an_answer(resident, bosai):
    data_request = ask(resident, bosai)
    outsider = staff_member(DepartmentFactory(), StaffRole.Role.APPROVAL, username="outsider")
    receptionist = staff_member(bosai, StaffRole.Role.RECEPTION, username="bosai-reception")
    for user in (outsider, receptionist):
        with pytest.raises(PermissionDenied):
            services.answer_data_request(data_request, by=user, status=Status.REFUSED, answer="理由")
    data_request.refresh_from_db()
    assert data_request.status == Status.OPEN


def test_a_refusal_after_a_plan_keeps_the_year_it_was_taken_up(resident, bosai, bosai_reviewer):
    data_request = ask(resident, bosai)
    services.answer_data_request(data_request, by=bosai_reviewer, status=Status.PLANNED, planned_for="来年度")
    taken_up = data_request.taken_up_at
    services.answer_data_request(
        data_request, by=bosai_reviewer, status=Status.REFUSED, answer="予算がつかず"
    )
    data_request.refresh_from_db()
    assert data_request.status == Status.REFUSED and data_request.taken_up_at == taken_up
    assert data_request.planned_for == ""


def test_staff_answer_on_their_page_and_a_bad_answer_shows_its_message(
    client, resident, bosai, bosai_reviewer
):
    data_request = ask(resident, bosai)
    login_staff(client, bosai_reviewer)
    url = reverse("opendata:staff_request", args=[data_request.pk])
    assert "AED設置場所の一覧" in client.get(reverse("opendata:staff_requests")).content.decode()
    page = client.post(url, {"action": "answer", "status": "refused", "answer": ""}).content.decode()
    assert "公開できない理由を入力してください。" in page
    assert DataRequest.objects.get().status == Status.OPEN
    response = client.post(url, {"action": "answer", "status": "refused", "answer": "個人情報を含むため"})
    assert response.status_code == 302
    assert DataRequest.objects.get().status == Status.REFUSED
    assert client.post(url, {"action": "something"}).status_code == 400


def test_a_request_is_forwarded_to_the_department_holding_the_data(client, resident, bosai, bosai_reviewer):
    data_request = ask(resident, bosai)
    hoiku = DepartmentFactory(code="hoiku", name="保育幼稚園課")
    login_staff(client, bosai_reviewer)
    url = reverse("opendata:staff_request", args=[data_request.pk])
    page = client.post(url, {"action": "forward", "department": bosai.pk}).content.decode()
    assert "いまと同じ部署です。別の部署を選んでください。" in page
    response = client.post(url, {"action": "forward", "department": hoiku.pk})
    assert response.status_code == 302 and response["Location"] == reverse("opendata:staff_requests")
    assert DataRequest.objects.get().department == hoiku
    assert client.get(url).status_code == 404  # now 保育幼稚園課's


def test_following_and_unfollowing_from_the_public_page(client, resident, bosai):
    data_request = ask(resident, bosai)
    other = PersonFactory()
    url = reverse("opendata:request_follow", args=[data_request.pk])
    assert (
        client.post(url).status_code == 302 and DataRequestFollow.objects.count() == 1
    )  # anonymous: nothing
    login_resident(client, other)
    client.post(url)
    assert DataRequestFollow.objects.filter(user=other.user).exists()
    client.post(url, {"action": "unfollow"})
    assert not DataRequestFollow.objects.filter(user=other.user).exists()
    assert client.get(url).status_code == 405


def test_a_collaboration_is_recorded_with_its_requests(client, resident, bosai, bosai_reviewer):
    data_request = ask(resident, bosai)
    login_staff(client, bosai_reviewer)
    url = reverse("opendata:staff_collaborations")
    fields = {
        "department": bosai.pk,
        "title": "AEDマップの検討会",
        "partner": "Code for テスト",
        "partner_kind": "civic_tech",
        "held_on": "2025-06-01",
        "summary": "データ項目を確認した",
        "data_requests": [data_request.pk],
    }
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    page = client.post(url, {**fields, "held_on": future}).content.decode()
    assert "検討した日に未来の日付は入力できません。" in page and not Collaboration.objects.exists()
    assert client.post(url, fields).status_code == 302
    collaboration = Collaboration.objects.get()
    assert list(collaboration.data_requests.all()) == [data_request]
    assert collaboration.recorded_by == bosai_reviewer
    assert "AEDマップの検討会" in client.get(data_request.get_absolute_url()).content.decode()


def test_a_collaboration_of_another_department_is_refused(bosai):
    outsider = staff_member(DepartmentFactory(), StaffRole.Role.APPROVAL, username="outsider")
    with pytest.raises(PermissionDenied):
        services.record_collaboration(
            by=outsider,
            department=bosai,
            title="検討",
            partner="事業者",
            partner_kind="business",
            held_on=datetime.date(2025, 6, 1),
            summary="内容",
        )
    assert not Collaboration.objects.exists()
