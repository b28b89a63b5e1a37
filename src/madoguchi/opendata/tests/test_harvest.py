"""The CKAN harvester's request sequence (ckanext-harvest's CKANHarvester), replayed against the
catalog: status_show, then package_search paged by `start`/`rows` sorted by id (duplicates
dropped) — everything on the first run, only what changed since the last run (less an hour, as
the harvester asks) on the next — then package_show for each dataset found.

Runs on whichever database the suite uses: `DATABASE_URL=postgres://…` for PostgreSQL."""

import datetime

import pytest
from django.utils import timezone

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset

pytestmark = pytest.mark.django_db
API = "/api/3/action/"


class Harvester:
    """What the CKAN harvester asks of a remote CKAN, and what it records between runs."""

    def __init__(self, client, *, rows: int):
        self.client = client
        self.rows = rows
        self.last_gather_started: datetime.datetime | None = None
        self.calls: list[str] = []

    def call(self, action: str, **params):
        self.calls.append(action)
        response = self.client.get(API + action, params)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert body["success"] is True
        return body["result"]

    def run(self) -> list[dict]:
        """One harvest job: the package dicts fetched, in the order fetched."""
        started = timezone.now().astimezone(datetime.UTC).replace(tzinfo=None)
        assert self.call("status_show")["ckan_version"]
        fq = ""
        if self.last_gather_started is not None:
            since = (self.last_gather_started - datetime.timedelta(hours=1)).isoformat()
            fq = f"metadata_modified:[{since}Z TO *]"
        ids, start = [], 0
        while True:
            params = {"sort": "id asc", "rows": self.rows, "start": start}
            page = self.call("package_search", **params, **({"fq": fq} if fq else {}))["results"]
            if not page:
                break
            ids += [p["id"] for p in page if p["id"] not in ids]  # the harvester drops duplicates
            start += self.rows
        fetched = [self.call("package_show", id=pk) for pk in ids]
        self.last_gather_started = started
        return fetched


def publish(organization, name, *, formats=("CSV",)):
    dataset = services.create_dataset(by=None, organization=organization, name=name, title=f"{name}の一覧")
    for index, fmt in enumerate(formats):
        services.add_resource(
            dataset, by=None, name=f"{name}{index}", url=f"https://example.jp/{name}/{index}", format=fmt
        )
    return services.publish(dataset, by=None)


@pytest.fixture
def catalog(city, bosai):
    """Seven published datasets last changed two days ago, and a draft the harvester never sees."""
    hoiku = DepartmentFactory(code="hoiku", name="保育幼稚園課")
    for index in range(7):
        publish(bosai if index % 2 else hoiku, f"dataset-{index}", formats=("CSV", "JSON")[: 1 + index % 2])
    services.create_dataset(by=None, organization=bosai, name="draft", title="作成中")
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    for dataset in Dataset.objects.filter(state=Dataset.State.PUBLISHED):
        Dataset.objects.filter(pk=dataset.pk).update(updated_at=two_days_ago)
        dataset.refresh_from_db()
        services.common.refresh_index(dataset)


@pytest.mark.parametrize("rows", [2, 3, 100])
def test_a_full_harvest_then_an_incremental_one_fetches_only_the_changed_dataset(
    client, catalog, bosai, rows
):
    harvester = Harvester(client, rows=rows)
    first = harvester.run()
    published = set(Dataset.objects.filter(state=Dataset.State.PUBLISHED).values_list("name", flat=True))
    assert sorted(p["name"] for p in first) == sorted(published) and len(published) == 7
    assert all(p["state"] == "active" and p["resources"] for p in first)
    pages = harvester.calls.count("package_search")
    assert pages == -(-7 // rows) + 1  # full pages, then the empty one that ends the loop

    changed = Dataset.objects.get(name="dataset-3")
    services.update_dataset(changed, by=None, title="更新したデータ")

    harvester.calls.clear()
    second = harvester.run()
    assert [p["name"] for p in second] == ["dataset-3"]
    assert second[0]["title"] == "更新したデータ"
    assert harvester.calls == ["status_show", "package_search", "package_search", "package_show"]

    # nothing changed since, but the harvester looks an hour further back than its last run
    assert [p["name"] for p in harvester.run()] == ["dataset-3"]


def test_the_modified_since_range_counts_what_package_search_pages_through(client, catalog):
    everything = client.get(
        API + "package_search", {"fq": "metadata_modified:[2020-01-01T00:00:00Z TO *]", "rows": 0}
    )
    assert everything.json()["result"]["count"] == 7
    after = timezone.now().astimezone(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(seconds=1)
    none = client.get(API + "package_search", {"fq": f"metadata_modified:[{after.isoformat()}Z TO *]"})
    assert none.json()["result"]["count"] == 0
