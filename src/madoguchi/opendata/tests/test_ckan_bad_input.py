"""Bad input to the CKAN Action API: each is a 400 with a message that says what to send, and
changes nothing (each of these was a 500 before)."""

import json

import pytest

from madoguchi.core.models import Event
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset, Resource

from .conftest import evacuation_csv

pytestmark = pytest.mark.django_db

RESOURCE = "RESOURCE"  # replaced by the id of the published datastore resource
NEW = {"name": "132144-hydrant", "owner_org": "bosai", "title": "消防水利施設一覧"}


@pytest.fixture
def published(city, bosai, bosai_staff):
    dataset = services.create_dataset(
        by=bosai_staff,
        organization=bosai,
        title="指定緊急避難場所一覧",
        name="132144-evacuation",
        standard_type="03",
    )
    services.add_resource(
        dataset, by=bosai_staff, name="避難場所", content=evacuation_csv([{}, {}]), filename="a.csv"
    )
    services.publish(dataset, by=bosai_staff)
    resource = Resource.objects.get(dataset=dataset)
    assert resource.datastore_active
    return resource


@pytest.fixture
def token(bosai_staff):
    return services.issue_api_token(bosai_staff, name="test")


def _snapshot():
    return (
        list(Dataset.objects.order_by("pk").values_list("pk", "title", "notes", "updated_at")),
        list(Resource.objects.order_by("pk").values_list("pk", "name", "url")),
        Event.objects.count(),
    )


def _call(client, action, *, query=None, body=None, token=None, raw=None):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    url = f"/api/3/action/{action}"
    if query is not None:
        return client.get(f"{url}?{query}", **headers)
    return client.post(url, raw or json.dumps(body), content_type="application/json", **headers)


FILTERS = 'filters は {"列名": 値} か {"列名": [値, …]} の形で指定してください。'
OFFSET = "offset は 2147483647 以下の整数で指定してください。"
NUL = "制御文字（U+0000）は入力できません。取り除いてから送ってください。"


@pytest.mark.parametrize(
    ("action", "query", "body", "message"),
    [
        ("datastore_search", f"resource_id={RESOURCE}&offset={10**30}", None, OFFSET),
        ("datastore_search", None, {"resource_id": RESOURCE, "offset": 10**30}, OFFSET),
        ("datastore_search", f"resource_id={RESOURCE}&filters=[1,2]", None, FILTERS),
        ("datastore_search", None, {"resource_id": RESOURCE, "filters": [1, 2]}, FILTERS),
        ("datastore_search", f'resource_id={RESOURCE}&filters="str"', None, FILTERS),
        ("datastore_search", f"resource_id={RESOURCE}&filters=a&filters=b", None, FILTERS),
        (
            "datastore_search",
            f"resource_id={RESOURCE}&q=a&q=b",
            None,
            "q は文字列で1つだけ指定してください。",
        ),
        ("datastore_search", f"resource_id={RESOURCE}&q=%00", None, NUL),
        ("package_list", f"offset={10**30}", None, OFFSET),
        ("help_show", "name=a&name=b", None, "name は文字列で1つだけ指定してください。"),
        (
            "resource_search",
            None,
            {"query": [1]},
            "query は「項目:値」の文字列か、そのリストで指定してください。",
        ),
        ("package_search", "q=a%00b", None, NUL),
        ("package_show", "id=a&id=b", None, "id は文字列で1つだけ指定してください。"),
    ],
)
def test_bad_read_parameters_are_refused(client, published, action, query, body, message):
    query = query.replace(RESOURCE, str(published.pk)) if query else None
    body = {k: str(published.pk) if v == RESOURCE else v for k, v in body.items()} if body else None
    before = _snapshot()

    response = _call(client, action, query=query, body=body)

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["error"]["message"] == message
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**NEW, "extras": "x"}, 'extras は {"key": "…", "value": "…"} のリストで指定してください。'),
        (
            {**NEW, "extras": [{"key": ["x"], "value": "y"}]},
            'extras は {"key": "…", "value": "…"} のリストで指定してください。',
        ),
        ({**NEW, "tags": 5}, 'tags は名前（文字列）か {"name": "…"} のリストで指定してください。'),
        (
            {**NEW, "tags": [{"id": "1"}]},
            'tags は名前（文字列）か {"name": "…"} のリストで指定してください。',
        ),
        ({**NEW, "groups": [5]}, 'groups は名前（文字列）か {"name": "…"} のリストで指定してください。'),
        ({**NEW, "license_id": ["x"]}, "license_id は文字列で1つだけ指定してください。"),
        (
            {**NEW, "title_translated": "x"},
            'title_translated は {"ja": "…", "en": "…"} の形で指定してください。',
        ),
        (
            {**NEW, "resources": ["x"]},
            'resources は {"name": "…", "url": "…", "format": "…"} のリストで指定してください。',
        ),
        ({**NEW, "frequency": "x" * 21}, "frequency は 20 文字以内で指定してください。"),
        (
            {**NEW, "maintainer_email": "a" * 300 + "@example.jp"},
            "maintainer_email は 254 文字以内で指定してください。",
        ),
        (
            {**NEW, "resources": [{"name": "x", "format": "CSV" * 7}]},
            "format は 20 文字以内で指定してください。",
        ),
        ({**NEW, "title": "消防\x00水利"}, NUL),
        ({**NEW, "notes": "\x1b[31m"}, "制御文字（U+001B）は入力できません。取り除いてから送ってください。"),
        ({**NEW, "tags": [{"name": "a\x00"}]}, NUL),
        ({**NEW, "a\x00": "x"}, NUL),
        ({**NEW, "notes": ["x"]}, "notes は文字列で1つだけ指定してください。"),
    ],
)
def test_bad_package_input_is_refused_and_nothing_is_created(client, published, token, body, message):
    before = _snapshot()

    response = _call(client, "package_create", body=body, token=token)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == message
    assert _snapshot() == before


@pytest.mark.parametrize("action", ["package_update", "package_patch"])
def test_bad_update_changes_nothing(client, published, token, action):
    before = _snapshot()

    response = _call(
        client, action, body={"id": "132144-evacuation", "notes": "更新", "tags": 5}, token=token
    )

    assert response.status_code == 400
    assert (
        response.json()["error"]["message"]
        == 'tags は名前（文字列）か {"name": "…"} のリストで指定してください。'
    )
    assert _snapshot() == before


def test_tab_and_newlines_are_still_text(client, published, token):
    response = _call(client, "package_create", body={**NEW, "notes": "消火栓\t防火水槽\r\n一覧"}, token=token)

    assert response.status_code == 200
    assert Dataset.objects.get(name="132144-hydrant").notes == "消火栓\t防火水槽\r\n一覧"


@pytest.mark.parametrize("depth", [65, 600, 1300])
@pytest.mark.parametrize("where", ["body", "value"])
def test_deeply_nested_json_is_refused_before_parsing(client, published, token, where, depth):
    nested = "[" * depth + "]" * depth
    raw = nested if where == "body" else json.dumps(NEW)[:-1] + f', "extras": {nested}}}'
    before = _snapshot()

    response = _call(client, "package_create", raw=raw, token=token)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "JSONの入れ子が深すぎます（64段まで）。"
    assert _snapshot() == before


def test_messages_are_in_english_for_english_callers(client, published):
    response = client.get(f"/api/3/action/package_list?offset={10**30}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "offset must be an integer no greater than 2147483647."


@pytest.mark.parametrize(
    ("action", "body", "message"),
    [
        (
            "resource_update",
            {"id": RESOURCE, "standard_type": "03-xx"},
            "standard_type は 4 文字以内で指定してください。",
        ),
        (
            "resource_create",
            {"package_id": "132144-evacuation", "format": "x" * 21},
            "format は 20 文字以内で指定してください。",
        ),
    ],
)
def test_text_longer_than_its_column_is_refused(client, published, token, action, body, message):
    body = {k: str(published.pk) if v == RESOURCE else v for k, v in body.items()}
    before = _snapshot()

    response = _call(client, action, body=body, token=token)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == message
    assert _snapshot() == before


def test_null_lists_in_an_update_leave_them_as_they_are(client, published, token):
    body = {"id": "132144-evacuation", "notes": "更新", "tags": None, "groups": None, "resources": None}

    response = _call(client, "package_update", body=body, token=token)

    assert response.status_code == 200
    assert Dataset.objects.get(name="132144-evacuation").notes == "更新"
    assert Resource.objects.filter(dataset__name="132144-evacuation").count() == 1
