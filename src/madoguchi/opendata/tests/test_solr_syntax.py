"""package_search speaks the Solr syntax CKAN clients and harvesters send: field:value, phrases,
ranges with `*` on dates and numbers, field:*, AND/OR/NOT/-/+, sort on CKAN's fields, start/rows
paging; what it does not support is refused with CKAN's 409 Search Query Error."""

import datetime

import pytest

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.opendata import services, solr
from madoguchi.opendata.models import Dataset

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def publish(organization, name, *, tags=(), formats=("CSV",), modified=None, **fields):
    dataset = services.create_dataset(
        by=None, organization=organization, name=name, title=name, tags=list(tags), **fields
    )
    for index, fmt in enumerate(formats):
        services.add_resource(
            dataset, by=None, name=f"r{index}", url=f"https://example.jp/{index}", format=fmt
        )
    services.publish(dataset, by=None)
    if modified is not None:  # as if last changed then: the row and the stored dict both say so
        Dataset.objects.filter(pk=dataset.pk).update(updated_at=modified, created_at=modified)
        dataset.refresh_from_db()
        services.common.refresh_index(dataset)
    return dataset


def search(client, **params):
    response = client.get("/api/3/action/package_search", {"rows": 100, **params})
    return response.status_code, response.json()


def found(client, **params) -> list[str]:
    status, body = search(client, **params)
    assert status == 200, body
    assert body["result"]["count"] == len(body["result"]["results"])
    return sorted(r["name"] for r in body["result"]["results"])


@pytest.fixture
def catalog(city, bosai):
    hoiku = DepartmentFactory(code="hoiku", name="保育幼稚園課")
    publish(
        bosai,
        "shelters",
        tags=["防災"],
        modified=datetime.datetime(2021, 5, 1, tzinfo=UTC),
        frequency="annual",
    )
    publish(
        bosai,
        "aed",
        tags=["防災", "医療"],
        formats=("CSV", "JSON"),
        modified=datetime.datetime(2023, 1, 1, tzinfo=UTC),
    )
    publish(hoiku, "nurseries", formats=("XLSX",), modified=datetime.datetime(2024, 7, 1, 9, 30, tzinfo=UTC))
    services.create_dataset(by=None, organization=bosai, name="draft", title="draft")  # never found
    return hoiku


def test_the_harvesters_modified_since_range_returns_every_published_dataset_and_none_after(client, catalog):
    everything = ["aed", "nurseries", "shelters"]
    assert found(client, fq="metadata_modified:[2020-01-01T00:00:00Z TO *]") == everything
    assert found(client, fq="metadata_modified:[2024-07-01T09:30:00.000001Z TO *]") == []
    assert found(client, fq="metadata_modified:[2024-07-01T09:30:00Z TO *]") == ["nurseries"]  # inclusive
    assert found(client, fq="metadata_modified:{2024-07-01T09:30:00Z TO *]") == []  # exclusive
    assert found(client, fq="metadata_modified:[* TO 2023-01-01T00:00:00Z}") == ["shelters"]
    assert found(client, fq="metadata_created:[2022-01-01T00:00:00Z TO 2023-12-31T23:59:59Z]") == ["aed"]
    assert found(client, fq="metadata_modified:[NOW-1YEAR TO NOW]") == []
    # the harvester's own form: a naive isoformat with microseconds, then Z
    assert found(client, fq="+metadata_modified:[2022-12-31T23:00:00.123456Z TO *]") == ["aed", "nurseries"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"fq": "organization:*"}, ["aed", "nurseries", "shelters"]),
        ({"fq": "tags:*"}, ["aed", "shelters"]),
        ({"fq": "-tags:*"}, ["nurseries"]),
        ({"fq": "organization:hoiku"}, ["nurseries"]),
        ({"fq": "-organization:hoiku"}, ["aed", "shelters"]),
        ({"fq": "organization:bosai AND tags:医療"}, ["aed"]),
        ({"fq": "organization:hoiku OR tags:医療"}, ["aed", "nurseries"]),
        ({"fq": "tags:防災 NOT res_format:JSON"}, ["shelters"]),
        ({"fq": "tags:防災 !res_format:JSON"}, ["shelters"]),
        ({"fq": "(organization:hoiku || tags:医療) && res_format:CSV"}, ["aed"]),
        ({"fq": "res_format:(XLSX OR JSON)"}, ["aed", "nurseries"]),
        ({"fq": 'tags:"防災"'}, ["aed", "shelters"]),
        ({"fq": "res_format:csv"}, ["aed", "shelters"]),
        ({"fq": "num_resources:[2 TO *]"}, ["aed"]),
        ({"fq": "num_tags:0"}, ["nurseries"]),
        ({"fq": "extras_frequency:annual"}, ["shelters"]),
        ({"fq": "extras_standard_type:*"}, []),
        ({"fq": "license_id:cc-by-4.0"}, ["aed", "nurseries", "shelters"]),
        ({"fq": "name:aed"}, ["aed"]),
        ({"fq": "name:aed OR name:shelters"}, ["aed", "shelters"]),
        ({"q": "*:*", "fq": "organization:nowhere"}, []),
        ({"q": "title:nurseries"}, ["nurseries"]),
        ({"q": "-name:aed +organization:bosai"}, ["shelters"]),
        ({"q": '"nurseries"'}, ["nurseries"]),
    ],
)
def test_filters_and_boolean_operators(client, catalog, params, expected):
    assert found(client, **params) == expected


def test_owner_org_takes_the_organization_id_ckan_answers_with(client, catalog):
    owner = client.get("/api/3/action/package_show", {"id": "nurseries"}).json()["result"]["owner_org"]
    assert found(client, fq=f"owner_org:{owner}") == ["nurseries"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("metadata_modified asc", ["shelters", "aed", "nurseries"]),
        ("metadata_modified desc", ["nurseries", "aed", "shelters"]),
        ("num_resources desc, name asc", ["aed", "nurseries", "shelters"]),
        ("score desc, name desc", ["shelters", "nurseries", "aed"]),
        ("title_string asc", ["aed", "nurseries", "shelters"]),
    ],
)
def test_sort_on_ckans_fields(client, catalog, sort, expected):
    _status, body = search(client, sort=sort)
    assert [r["name"] for r in body["result"]["results"]] == expected


def test_sort_by_id_pages_through_every_dataset_once(client, catalog):
    seen = []
    for start in range(0, 10, 2):
        _status, body = search(client, sort="id asc", rows=2, start=start)
        assert body["result"]["count"] == 3
        seen += [r["id"] for r in body["result"]["results"]]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fq": "color:red"}, "undefined field color"),
        ({"q": "name:ae*"}, "wildcards are supported only as field:*"),
        ({"q": "aed~2"}, "fuzzy (~) and boosted (^) terms are not supported"),
        ({"q": "(aed"}, "unbalanced parentheses"),
        ({"q": 'tags:"防災'}, "unbalanced quotes"),
        ({"fq": "metadata_modified:[yesterday TO *]"}, "invalid date 'yesterday'"),
        ({"fq": "metadata_modified:[2020-01-01 TO]"}, "cannot parse range"),
        ({"fq": "tags:[a TO b]"}, "ranges are supported on metadata_created, metadata_modified"),
        ({"fq": "num_resources:[one TO *]"}, "num_resources: 'one' is not a whole number"),
        ({"fq": "{!lucene}name:aed"}, "local parameters"),
        ({"sort": "colour asc"}, "can not sort on undefined field colour"),
        ({"sort": "name upwards"}, "cannot parse sort"),
    ],
)
def test_what_is_not_supported_is_a_409_search_query_error(client, catalog, params, message):
    status, body = search(client, **params)
    assert status == 409 and body["success"] is False
    assert body["error"]["__type"] == "Search Query Error"
    assert message in body["error"]["message"]


def test_include_private_is_read_and_checked(client, catalog):
    assert found(client, include_private="true") == ["aed", "nurseries", "shelters"]
    status, body = search(client, include_private="perhaps")
    assert status == 400 and "include_private" in body["error"]


def test_dates_as_solr_writes_them():
    assert solr.parse_date("2020-01-01T00:00:00Z") == datetime.datetime(2020, 1, 1, tzinfo=UTC)
    assert solr.parse_date("2020-01-01T09:00:00+09:00") == datetime.datetime(2020, 1, 1, tzinfo=UTC)
    assert solr.parse_date("2020-01-01") == datetime.datetime(2020, 1, 1, tzinfo=UTC)
    assert solr.parse_date("2024-05-01T10:00:00.654321Z") == datetime.datetime(
        2024, 5, 1, 10, 0, 0, 654321, tzinfo=UTC
    )
    today = solr.parse_date("NOW/DAY")
    assert (today.hour, today.minute, today.second) == (0, 0, 0)
    assert solr.parse_date("NOW/DAY+1DAY") - today == datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "fq",
    [
        "tags:* -organization:hoiku",
        "organization:bosai OR organization:hoiku",
        "-tags:*",
        "(organization:hoiku || tags:医療) && res_format:CSV",
        "tags:防災 NOT res_format:JSON",
        "res_format:(XLSX OR JSON) AND -tags:医療",
    ],
)
def test_boolean_filters_are_one_index_lookup_with_the_same_answer(client, catalog, fq, monkeypatch):
    """On SQLite a boolean combination of facet keys and terms is one FTS5 expression (fast at 100k
    datasets) instead of one subquery per leaf; both plans find the same datasets."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from madoguchi.opendata import search as index

    with CaptureQueriesContext(connection) as queries:
        folded = found(client, fq=fq)
    if connection.vendor == "sqlite":
        assert all(q["sql"].count("MATCH") <= 1 for q in queries.captured_queries)
    monkeypatch.setattr(index, "uses_match_expressions", lambda: False)
    assert found(client, fq=fq) == folded
