"""Each CKAN write action is one transaction: a call refused half-way (after the dataset was
created, or its edits saved) keeps nothing of itself, as CKAN's own actions commit once."""

import json

import pytest

from madoguchi.core.models import Event
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset, Resource

from .conftest import evacuation_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(bosai_staff):
    return services.issue_api_token(bosai_staff, name="test")


def _post(client, action, token, **body):
    return client.post(
        f"/api/3/action/{action}", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=token
    )


def _snapshot():
    return (
        list(Dataset.objects.order_by("pk").values_list("pk", "name", "title", "notes", "state")),
        list(Resource.objects.order_by("pk").values_list("pk", "name", "url")),
        Event.objects.count(),
    )


def test_package_create_refused_at_its_second_resource_leaves_no_draft(client, city, bosai, token):
    before = _snapshot()
    response = _post(
        client,
        "package_create",
        token,
        name="132144-hydrant",
        owner_org="bosai",
        title="消防水利施設一覧",
        resources=[{"name": "地図", "url": "https://example.jp/map"}, {"name": "ファイルもURLもない"}],
    )
    assert response.status_code == 409
    assert "ファイルを選ぶか、URLを入力してください。" in response.json()["error"]["message"]
    assert not Dataset.objects.filter(name="132144-hydrant").exists()
    assert _snapshot() == before


def test_package_create_refused_by_validation_at_publishing_leaves_no_draft(client, city, bosai, token):
    """A publisher may publish, but the standard dataset's file fails validation: the draft, its
    resource and the refusal all go with the call."""
    before = _snapshot()
    response = _post(
        client,
        "package_create",
        token,
        name="132144-evacuation",
        owner_org="bosai",
        title="指定緊急避難場所一覧",
        standard_type="03",
        state="active",
        resources=[{"name": "避難場所", "url": "https://example.jp/evacuation.csv", "format": "CSV"}],
    )
    assert response.status_code == 409
    assert response.json()["error"]["validation"]
    assert _snapshot() == before


def test_package_update_refused_at_publishing_keeps_none_of_its_edits(
    client, city, bosai, bosai_staff, token
):
    dataset = services.create_dataset(
        by=bosai_staff,
        organization=bosai,
        title="指定緊急避難場所一覧",
        name="132144-evacuation",
        standard_type="03",
    )
    services.add_resource(
        dataset,
        by=bosai_staff,
        name="避難場所",
        content=evacuation_csv([{"緯度": "北緯35度"}]),
        filename="a.csv",
    )
    before = _snapshot()
    response = _post(client, "package_patch", token, id=dataset.name, notes="新しい説明", state="active")
    assert response.status_code == 409
    assert _snapshot() == before
    assert Dataset.objects.get(pk=dataset.pk).notes == ""
