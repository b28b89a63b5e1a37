"""The CKAN Action API through ckanapi, as the Tokyo catalog's harvester would use it."""

import datetime

import pytest
from ckanapi import NotAuthorized, NotFound, RemoteCKAN, SearchQueryError, ValidationError

from madoguchi.opendata.models import Dataset

pytestmark = pytest.mark.django_db(transaction=True)


def test_ckanapi_reads_the_catalog(live_server, demo_catalog):
    ckan = RemoteCKAN(live_server.url)

    found = ckan.action.package_search(q="避難", rows=5)
    assert "132144-evacuation-space" in [p["name"] for p in found["results"]]

    # 避難所 (避難 + suffix 所) still finds 指定緊急避難場所一覧: Sudachi tokens, not substrings
    assert "132144-evacuation-space" in [p["name"] for p in ckan.action.package_search(q="避難所")["results"]]

    # the incremental harvest's own query: every published dataset since a date, none after the last change
    published = Dataset.objects.filter(state=Dataset.State.PUBLISHED)
    since = ckan.action.package_search(fq="metadata_modified:[2020-01-01T00:00:00Z TO *]", rows=1000)
    assert since["count"] == published.count() == len(since["results"])
    last = max(published.values_list("updated_at", flat=True)) + datetime.timedelta(seconds=1)
    after = ckan.action.package_search(fq=f"metadata_modified:[{last:%Y-%m-%dT%H:%M:%S}Z TO *]")
    assert after["count"] == 0 and after["results"] == []
    assert ckan.action.package_search(fq="organization:*", rows=0)["count"] == published.count()
    with pytest.raises(SearchQueryError, match="undefined field colour"):
        ckan.action.package_search(fq="colour:red")

    package = ckan.action.package_show(id="132144-evacuation-space")
    assert package["title"] == "指定緊急避難場所一覧"
    assert package["organization"]["name"] == "bosai"
    assert package["resources"][0]["format"] == "CSV" and package["resources"][0]["datastore_active"]

    organizations = ckan.action.organization_list()
    assert "bosai" in organizations and "digital" in organizations
    detailed = ckan.action.organization_list(all_fields=True)
    assert any(o["name"] == "bosai" and o["package_count"] >= 3 for o in detailed)

    resource_id = package["resources"][0]["id"]
    page = ckan.action.datastore_search(resource_id=resource_id, limit=3, offset=1)
    assert page["total"] == 19 and len(page["records"]) == 3
    assert page["records"][0]["_id"] == 2
    assert {"名称", "緯度", "経度"} <= {f["id"] for f in page["fields"]}

    filtered = ckan.action.datastore_search(resource_id=resource_id, filters={"名称": "武蔵国分寺公園"})
    assert filtered["total"] == 1 and filtered["records"][0]["名称"] == "武蔵国分寺公園"
    ordered = ckan.action.datastore_search(
        resource_id=resource_id, sort="想定収容人数 desc", fields=["名称", "想定収容人数"], limit=2
    )
    assert ordered["records"][0]["想定収容人数"] >= ordered["records"][1]["想定収容人数"]
    assert list(ordered["records"][0]) == ["名称", "想定収容人数"]

    with pytest.raises(NotFound):
        ckan.action.package_show(id="no-such-dataset")


def test_write_actions_need_a_staff_token(live_server, city, bosai_staff):
    from madoguchi.core.tests.factories import DepartmentFactory
    from madoguchi.opendata.services import add_resource, create_dataset, issue_api_token, publish

    wifi = create_dataset(
        by=None,
        organization=DepartmentFactory(code="digital"),
        title="公衆無線LAN",
        name="132144-public-wireless-lan",
    )
    add_resource(wifi, by=None, name="リンク", url="https://example.jp/wifi.csv")
    publish(wifi, by=None)

    anonymous = RemoteCKAN(live_server.url)
    with pytest.raises(NotAuthorized):
        anonymous.action.package_create(name="x", title="x", owner_org="bosai")

    ckan = RemoteCKAN(live_server.url, apikey=issue_api_token(bosai_staff, name="test"))
    created = ckan.action.package_create(
        name="132144-fire-hydrant", title="消防水利施設一覧", owner_org="bosai", tags=[{"name": "消防"}]
    )
    assert created["state"] == "draft"
    ckan.action.resource_create(
        package_id=created["id"], name="リンク", url="https://example.jp/x.csv", format="CSV"
    )
    patched = ckan.action.package_patch(id=created["id"], notes="消火栓と防火水槽", state="active")
    assert patched["state"] == "active" and patched["notes"] == "消火栓と防火水槽"
    assert anonymous.action.package_list() == ["132144-fire-hydrant", "132144-public-wireless-lan"]

    with pytest.raises(NotAuthorized):  # another department's dataset
        ckan.action.package_patch(id="132144-public-wireless-lan", notes="x")
    with pytest.raises(ValidationError):
        ckan.action.package_create(name="132144-fire-hydrant", title="重複", owner_org="bosai")


@pytest.mark.django_db
def test_a_draft_is_only_its_departments_through_the_api(client, city, bosai, bosai_staff):
    """Drafts are invisible to harvesters and to other departments' tokens: package_show says
    not found, package_search and package_list leave them out."""
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member
    from madoguchi.opendata.services import create_dataset, issue_api_token

    create_dataset(by=None, organization=bosai, title="避難所の備蓄品（作業中）", name="132144-stockpile")
    other = staff_member(DepartmentFactory(code="kodomo"), "review", username="kodomo-staff")
    callers = {
        "anonymous": {},
        "another department": {"HTTP_AUTHORIZATION": issue_api_token(other, name="t")},
        "its department": {"HTTP_AUTHORIZATION": issue_api_token(bosai_staff, name="t")},
    }
    seen = {}
    for who, headers in callers.items():
        show = client.get("/api/3/action/package_show", {"id": "132144-stockpile"}, **headers)
        search = client.get("/api/3/action/package_search", {"q": "備蓄"}, **headers).json()["result"]
        listed = client.get("/api/3/action/package_list", **headers).json()["result"]
        seen[who] = (
            show.status_code,
            [p["name"] for p in search["results"]],
            "132144-stockpile" in listed,
        )
    assert seen["anonymous"] == (404, [], False)
    assert seen["another department"] == (404, [], False)
    assert seen["its department"][0] == 200
