"""The factories other apps' tests build catalog records with are indexed as the services index."""

import pytest

from madoguchi.opendata.tests.factories import DatasetFactory, GroupFactory, ResourceFactory, TagFactory

pytestmark = pytest.mark.django_db


def _search(client, **params):
    return client.get("/api/3/action/package_search", params).json()["result"]


def test_a_published_factory_dataset_is_found_through_the_ckan_api(client):
    group, tag = GroupFactory(), TagFactory(name="避難")
    dataset = DatasetFactory(published=True, title="避難場所テスト一覧", groups=[group], tags=[tag])
    ResourceFactory(dataset=dataset)
    shown = client.get("/api/3/action/package_show", {"id": dataset.name}).json()["result"]
    assert [r["format"] for r in shown["resources"]] == ["CSV"]
    assert [t["name"] for t in shown["tags"]] == ["避難"]
    assert [r["name"] for r in _search(client, q="避難場所")["results"]] == [dataset.name]


def test_a_draft_factory_dataset_stays_off_the_public_catalog(client):
    DatasetFactory(title="避難場所テスト下書き")
    assert _search(client, q="避難場所")["count"] == 0
