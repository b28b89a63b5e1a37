"""活用事例 (showcases): anyone submits one without an account, the staff of a department owning one
of its datasets approve or decline it (with a reason the submitter hears), and only approved ones
are shown: their page, the list, each dataset's page and ckanext-showcase's API actions. Bad input
refuses the whole submission with a clear message and stores nothing."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from madoguchi.core.models import Event, Notification, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.opendata import services
from madoguchi.opendata.models import Showcase

from .factories import DatasetFactory

pytestmark = pytest.mark.django_db

Status = Showcase.Status
DECIDED = "opendata/emails/showcase_decided"


@pytest.fixture
def shelters(city, bosai):
    return DatasetFactory(name="shelters", title="指定避難所一覧", organization=bosai, published=True)


@pytest.fixture
def bosai_reviewer(bosai):
    """審査 in 防災安全課: may publish its datasets, so moderates showcases that use them."""
    return staff_member(bosai, StaffRole.Role.REVIEW, username="bosai-reviewer")


def submit(**overrides):
    fields = {
        "title": "国分寺 避難所マップ",
        "url": "https://example.jp/hinan-map",
        "description": "避難所の一覧を地図に表示するアプリです。",
        "kind": Showcase.Kind.APP,
        "datasets": ["shelters"],
        "submitter_email": "dev@example.jp",
        "submitter_name": "山田 太郎",
        "author": "Code for 国分寺",
    }
    return services.submit_showcase(**{**fields, **overrides})


def api(client, action, **params):
    return client.get(f"/api/3/action/{action}", params)


# --- submission -----------------------------------------------------------------------------------


def test_anyone_submits_without_an_account_and_it_waits_for_moderation(client, shelters):
    response = client.get(reverse("opendata:showcase_new"), {"dataset": "shelters"})
    assert response.status_code == 200 and 'value="shelters"' in response.content.decode()
    response = client.post(
        reverse("opendata:showcase_new"),
        {
            "title": "国分寺 避難所マップ",
            "url": "https://example.jp/hinan-map",
            "kind": "app",
            "description": "避難所を地図に表示します。",
            "datasets": "https://city.example.jp/opendata/dataset/shelters/",
            "submitter_email": "dev@example.jp",
        },
    )
    assert response.status_code == 302
    showcase = Showcase.objects.get()
    assert showcase.status == Status.PENDING and showcase.submitted_by is None
    assert list(showcase.datasets.all()) == [shelters]
    assert Event.objects.filter(verb="showcase_submitted").count() == 1
    # pending: not on its page, the list, the dataset page or the API
    assert client.get(reverse("opendata:showcase", args=[showcase.pk])).status_code == 404
    assert "国分寺 避難所マップ" not in client.get(reverse("opendata:showcases")).content.decode()
    assert (
        "国分寺 避難所マップ"
        not in client.get(reverse("opendata:dataset", args=["shelters"])).content.decode()
    )
    assert api(client, "ckanext_showcase_list").json()["result"] == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "活用事例の名称を入力してください。"),
        ({"url": "javascript:alert(1)"}, "url", "http:// または https://"),
        ({"url": "ftp://example.jp/x"}, "url", "http:// または https://"),
        ({"url": "example.jp"}, "url", "http:// または https://"),
        ({"description": ""}, "description", "どのようにデータを使っているか"),
        ({"kind": "game"}, "kind", "種類を一覧から選んでください。"),
        ({"datasets": ["no-such-dataset"]}, "datasets", "no-such-dataset"),
        ({"datasets": []}, "datasets", "1つ以上"),
        ({"submitter_email": "not-an-address"}, "submitter_email", "メールアドレス"),
        ({"title": "あ" * 201}, "title", "200文字以内"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(shelters, overrides, field, message):
    with pytest.raises(ValidationError) as refused:
        submit(**overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Showcase.objects.exists() and not Event.objects.filter(verb="showcase_submitted").exists()


def test_a_draft_dataset_counts_as_unknown(shelters, bosai):
    draft = DatasetFactory(name="draft-data", organization=bosai)
    with pytest.raises(ValidationError) as refused:
        submit(datasets=["shelters", draft.name])
    assert "draft-data" in refused.value.message_dict["datasets"][0]
    assert not Showcase.objects.exists()


def test_the_form_shows_the_refusal_beside_the_field_and_stores_nothing(client, shelters):
    response = client.post(
        reverse("opendata:showcase_new"),
        {
            "title": "地図",
            "url": "javascript:alert(1)",
            "kind": "app",
            "description": "説明",
            "datasets": "shelters unknown-one",
            "submitter_email": "dev@example.jp",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "http:// または https://" in html
    assert not Showcase.objects.exists()
    response = client.post(
        reverse("opendata:showcase_new"),
        {
            "title": "",
            "url": "https://example.jp/",
            "kind": "app",
            "description": "説明",
            "datasets": "",
            "submitter_email": "dev@example.jp",
        },
    )
    html = response.content.decode()
    assert (
        "活用事例の名称を入力してください。" in html
        and "使ったデータセットを1つ以上指定してください。" in html
    )
    assert not Showcase.objects.exists()


def test_the_same_url_twice_and_a_flood_from_one_address_are_refused(shelters):
    submit()
    with pytest.raises(ValidationError, match="すでに投稿されています"):
        submit(title="別名")
    for n in range(services.showcases.MAX_PENDING_PER_ADDRESS - 1):
        submit(url=f"https://example.jp/app-{n}")
    with pytest.raises(ValidationError, match="審査待ちの投稿"):
        submit(url="https://example.jp/one-more")
    assert Showcase.objects.count() == services.showcases.MAX_PENDING_PER_ADDRESS


# --- moderation ------------------------------------------------------------------------------------


def test_approval_shows_it_everywhere_and_tells_the_submitter(client, shelters, bosai_reviewer):
    showcase = submit()
    services.approve_showcase(showcase, by=bosai_reviewer)
    assert Showcase.objects.get().status == Status.APPROVED
    notice = Notification.objects.get(template=DECIDED)
    assert notice.address == "dev@example.jp" and "掲載しました" in notice.subject

    page = client.get(reverse("opendata:showcase", args=[showcase.pk])).content.decode()
    assert (
        "国分寺 避難所マップ" in page and "https://example.jp/hinan-map" in page and "指定避難所一覧" in page
    )
    assert "dev@example.jp" not in page and "山田 太郎" not in page  # the contact stays private
    assert "国分寺 避難所マップ" in client.get(reverse("opendata:showcases")).content.decode()
    dataset_page = client.get(reverse("opendata:dataset", args=["shelters"])).content.decode()
    assert "国分寺 避難所マップ" in dataset_page


def test_rejection_needs_a_reason_which_the_submitter_hears_and_the_public_never_sees(
    client, shelters, bosai_reviewer
):
    showcase = submit()
    with pytest.raises(ValidationError, match="理由"):
        services.reject_showcase(showcase, by=bosai_reviewer, reason=" ")
    assert Showcase.objects.get().status == Status.PENDING
    services.reject_showcase(showcase, by=bosai_reviewer, reason="リンク先にデータの利用が見当たりません")
    notice = Notification.objects.get(template=DECIDED)
    assert "リンク先にデータの利用が見当たりません" in notice.body
    assert client.get(reverse("opendata:showcase", args=[showcase.pk])).status_code == 404
    # an approved one can be taken down the same way
    again = submit(url="https://example.jp/other")
    services.approve_showcase(again, by=bosai_reviewer)
    services.reject_showcase(again, by=bosai_reviewer, reason="リンク切れ")
    assert client.get(reverse("opendata:showcase", args=[again.pk])).status_code == 404


def test_only_the_staff_who_may_publish_a_dataset_it_uses_moderate(shelters, bosai):
    showcase = submit()
    editor = staff_member(bosai, StaffRole.Role.RECEPTION, username="bosai-editor")  # edits, may not publish
    other = staff_member(DepartmentFactory(code="hoiku"), StaffRole.Role.APPROVAL, username="hoiku-approver")
    for user in (editor, other):
        with pytest.raises(PermissionDenied):
            services.approve_showcase(showcase, by=user)
    assert Showcase.objects.get().status == Status.PENDING and not Notification.objects.exists()


def test_staff_pages_list_and_decide(shelters, bosai_reviewer):
    showcase = submit()
    client = Client()
    login_staff(client, bosai_reviewer)
    listing = client.get(reverse("opendata:staff_showcases")).content.decode()
    assert "国分寺 避難所マップ" in listing
    page = client.get(reverse("opendata:staff_showcase", args=[showcase.pk])).content.decode()
    assert "dev@example.jp" in page  # the moderators see the contact
    response = client.post(reverse("opendata:staff_showcase", args=[showcase.pk]), {"decision": "reject"})
    assert response.status_code == 200 and "掲載しない理由を入力してください" in response.content.decode()
    assert Showcase.objects.get().status == Status.PENDING
    response = client.post(reverse("opendata:staff_showcase", args=[showcase.pk]), {"decision": "approve"})
    assert response.status_code == 302 and Showcase.objects.get().status == Status.APPROVED


def test_another_departments_staff_get_404_on_the_staff_page(shelters):
    showcase = submit()
    client = Client()
    login_staff(client, staff_member(DepartmentFactory(code="hoiku"), StaffRole.Role.APPROVAL, username="h"))
    assert client.get(reverse("opendata:staff_showcase", args=[showcase.pk])).status_code == 404
    assert "国分寺 避難所マップ" not in client.get(reverse("opendata:staff_showcases")).content.decode()


# --- the CKAN API (ckanext-showcase's actions) -------------------------------------------------------


def test_ckanext_showcase_actions(client, shelters, bosai_reviewer):
    approved = submit()
    services.approve_showcase(approved, by=bosai_reviewer)
    pending = submit(url="https://example.jp/pending", title="審査待ちの事例")

    listed = api(client, "ckanext_showcase_list").json()["result"]
    assert [s["id"] for s in listed] == [str(approved.pk)]
    shown = api(client, "ckanext_showcase_show", id=str(approved.pk)).json()["result"]
    assert shown["title"] == "国分寺 避難所マップ" and shown["url"] == "https://example.jp/hinan-map"
    assert shown["type"] == "showcase" and shown["num_datasets"] == 1 and shown["author"] == "Code for 国分寺"
    assert "dev@example.jp" not in str(listed) + str(shown) and shown["author_email"] is None

    of_dataset = api(client, "ckanext_package_showcase_list", package_id="shelters").json()["result"]
    assert [s["id"] for s in of_dataset] == [str(approved.pk)]
    packages = api(client, "ckanext_showcase_package_list", showcase_id=str(approved.pk)).json()["result"]
    assert [p["name"] for p in packages] == ["shelters"]

    for action, params in [
        ("ckanext_showcase_show", {"id": str(pending.pk)}),
        ("ckanext_showcase_show", {"id": str(uuid.uuid4())}),
        ("ckanext_showcase_show", {"id": "not-a-uuid"}),
        ("ckanext_package_showcase_list", {"package_id": "no-such-dataset"}),
    ]:
        response = api(client, action, **params)
        assert response.status_code == 404 and response.json()["success"] is False
    response = api(client, "ckanext_showcase_show")
    assert response.status_code == 409 and "Missing value" in response.json()["error"]["message"]


def test_the_demo_city_shows_its_showcases(client, demo_catalog):
    listed = api(client, "ckanext_showcase_list").json()["result"]
    assert {s["title"] for s in listed} >= {"国分寺 AED・避難場所マップ（架空）"}
    page = client.get(reverse("opendata:dataset", args=["132144-aed-location"])).content.decode()
    assert "国分寺 AED・避難場所マップ（架空）" in page
    assert not Notification.objects.filter(template=DECIDED).exists()  # demo submitters get no mail
