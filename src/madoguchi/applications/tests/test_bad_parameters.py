"""Parameters no page of ours sends (issue 14, item 7): each was a 500; now a 400 with a message
that says what to do, and nothing is changed."""

import json

import pytest
from django.urls import reverse

from madoguchi.applications.models import Application, Attachment
from madoguchi.core.models import Event
from madoguchi.identity.testing import login_resident

from .test_resident_flow import STATUS, step_url

pytestmark = pytest.mark.django_db

ROW = "削除する行の指定が正しくありません。ページを読み込み直してから、もう一度お試しください。"


def _snapshot():
    return (
        list(
            Application.objects.order_by("pk").values_list("pk", "data", "assignee_id", "state", "updated_at")
        ),
        Attachment.objects.count(),
        Event.objects.count(),
    )


@pytest.fixture
def draft(client, genkyo, resident):
    """A draft with two children on step 2."""
    login_resident(client, resident)
    client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    app = Application.objects.get()
    client.post(step_url(app, 2), {**STATUS, "save_exit": "1"})
    app.refresh_from_db()
    children = app.data["status"]["list"]
    children.append({**children[0], "full_name": "窓口　蒼", "full_name_kana": "マドグチ　アオイ"})
    app.save(update_fields=["data"])
    return app


SECOND = {k.replace("list-0-", "list-1-"): v for k, v in STATUS.items() if k.startswith("list-0-")}


@pytest.mark.parametrize(
    "value", ["list:abc", "list:-5", "list:-1", "list:1.0", "list:²", "list:" + "9" * 30]
)
def test_removing_a_row_that_cannot_exist_is_refused(client, draft, value):
    before = _snapshot()

    response = client.post(step_url(draft, 2), {**STATUS, **SECOND, "remove_item": value})

    assert response.status_code == 400
    assert ROW in response.content.decode()
    assert _snapshot() == before


def test_removing_a_row_still_works(client, draft):

    response = client.post(step_url(draft, 2), {**STATUS, **SECOND, "remove_item": "list:0"})

    assert response.status_code == 200
    draft.refresh_from_db()
    assert len(draft.data["status"]["list"]) == 1


@pytest.mark.parametrize("value", ["abc", "-1", "1e3", "9" * 30])
def test_deleting_an_attachment_by_a_bad_id_is_refused(client, draft, value):
    before = _snapshot()

    response = client.post(reverse("applications:attachments", args=[draft.public_id]), {"delete": value})

    assert response.status_code == 400
    assert f"指定が正しくありません（{value}）。一覧から選び直してください。" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9" * 30])
def test_register_for_a_person_id_that_cannot_exist_is_refused(staff_client, genkyo, value):
    url = reverse("cases:register") + f"?procedure=jidou-teate-genkyo&person={value}"
    before = _snapshot()

    for response in (staff_client.get(url), staff_client.post(url, {"channel": "postal"})):
        assert response.status_code == 400
        assert f"指定が正しくありません（{value}）。一覧から選び直してください。" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9" * 30])
def test_assigning_to_a_staff_id_that_cannot_exist_is_refused(staff_client, genkyo_application, value):
    before = _snapshot()

    response = staff_client.post(
        reverse("cases:assign", args=[genkyo_application.public_id]), {"assignee": value}
    )

    assert response.status_code == 400
    assert f"指定が正しくありません（{value}）。一覧から選び直してください。" in response.content.decode()
    assert _snapshot() == before


def test_the_message_is_in_english_for_english_readers(staff_client, genkyo_application):
    response = staff_client.post(
        reverse("cases:assign", args=[genkyo_application.public_id]),
        {"assignee": "abc"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "This choice is not valid (abc). Please choose again from the list." in response.content.decode()


@pytest.mark.parametrize("depth", [65, 1200, 5000])
def test_api_json_nested_too_deeply_is_refused_before_parsing(client, genkyo, resident, depth):
    login_resident(client, resident)
    nested = "[" * depth + "]" * depth
    body = '{"procedure": "jidou-teate-genkyo", "data": ' + nested + "}"
    before = _snapshot()

    response = client.post("/api/v1/applications/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSONの入れ子が深すぎます（64段まで）。"}
    assert _snapshot() == before


def test_api_json_within_the_limit_is_still_read(client, genkyo, resident):
    login_resident(client, resident)
    nested = "[" * 60 + "]" * 60
    body = json.dumps({"procedure": "no-such", "data": {}, "x": 1})[:-1] + f', "deep": {nested}}}'

    response = client.post("/api/v1/applications/", body, content_type="application/json")

    assert response.status_code == 404  # parsed, then the procedure was looked up


@pytest.mark.parametrize("text", ["\\u0000", "\\u001b"])
def test_api_json_with_control_characters_is_refused(client, genkyo, resident, text):
    login_resident(client, resident)
    body = '{"procedure": "jidou-teate-genkyo", "data": {"status": {"filing_reason": "a' + text + 'b"}}}'
    before = _snapshot()

    response = client.post("/api/v1/applications/", body, content_type="application/json")

    assert response.status_code == 400
    assert "は入力できません。取り除いてから送ってください。" in response.json()["detail"]
    assert _snapshot() == before
