"""The search rows follow the catalog: every service that changes a dataset changes what
package_search finds and counts; the rows written step by step equal a rebuild from scratch."""

import json

import pytest

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.opendata import queries, search, services
from madoguchi.opendata.models import Group, SearchEntry, SearchFacetSet

pytestmark = pytest.mark.django_db


def publish_dataset(organization, title, *, tags=(), groups=(), formats=("CSV",), **fields):
    dataset = services.create_dataset(
        by=None, organization=organization, title=title, tags=list(tags), groups=list(groups), **fields
    )
    for index, fmt in enumerate(formats):
        services.add_resource(
            dataset, by=None, name=f"ファイル{index}", url=f"https://example.jp/{index}", format=fmt
        )
    services.publish(dataset, by=None)
    return dataset


def names(q="", **kwargs):
    return [d.name for d in queries.search_datasets(q, rows=100, **kwargs).datasets]


def facets(q="", **kwargs):
    result = queries.search_datasets(q, facet_fields=queries.FACET_FIELDS, **kwargs)
    return {name: {value: n for value, _label, n in items} for name, items in result.facets.items()}


@pytest.fixture
def shelters(city, bosai):
    return publish_dataset(bosai, "指定緊急避難場所一覧", tags=["防災"], name="132144-evacuation-space")


def test_publishing_and_unpublishing_change_what_search_finds(bosai, shelters):
    draft = services.create_dataset(by=None, organization=bosai, title="避難所の備蓄品", name="stockpile")
    services.add_resource(draft, by=None, name="備蓄品", url="https://example.jp/s.csv", format="CSV")
    assert names("避難所") == ["132144-evacuation-space"]
    assert facets()["organization"] == {"bosai": 1}

    services.publish(draft, by=None)
    assert sorted(names("避難所")) == ["132144-evacuation-space", "stockpile"]
    assert facets()["organization"] == {"bosai": 2}

    services.return_to_draft(draft, by=None, reason="数字の誤り")
    assert names("避難所") == ["132144-evacuation-space"]
    assert facets("避難")["res_format"] == {"CSV": 1}

    services.delete_dataset(shelters, by=None)
    assert names("避難所") == [] and facets() == {name: {} for name in queries.FACET_FIELDS}
    assert not SearchEntry.objects.exists()


def test_editing_a_dataset_changes_its_terms_and_facets(bosai, shelters):
    services.update_dataset(shelters, by=None, title="広域避難場所一覧", tags=["地震"], license_id="cc-zero")
    assert names("広域") == ["132144-evacuation-space"] and names("緊急") == []
    assert names("", fq="tags:地震") == ["132144-evacuation-space"] and names("", fq="tags:防災") == []
    counts = facets()
    assert counts["tags"] == {"地震": 1} and counts["license_id"] == {"cc-zero": 1}

    digital = DepartmentFactory(code="digital", name="デジタル行政推進室")
    services.update_dataset(shelters, by=None, organization=digital)
    assert facets()["organization"] == {"digital": 1}
    assert names("", fq="organization:digital") == ["132144-evacuation-space"]
    assert names("", fq="organization:bosai") == []


def test_resources_change_the_format_facet(shelters):
    pdf = services.add_resource(
        shelters, by=None, name="地図", url="https://example.jp/map.pdf", format="pdf"
    )
    assert facets()["res_format"] == {"CSV": 1, "PDF": 1}
    assert names("", fq="res_format:pdf") == ["132144-evacuation-space"]
    assert names("地図") == ["132144-evacuation-space"]  # resource names are searched too

    services.delete_resource(pdf, by=None)
    assert facets()["res_format"] == {"CSV": 1}
    assert names("", fq="res_format:PDF") == [] and names("地図") == []


def test_downloads_order_the_most_used_first(city, bosai, shelters):
    budget = publish_dataset(bosai, "予算書", name="budget")
    services.record_download(budget.resources.get())
    assert names(sort="views_recent desc") == ["budget", "132144-evacuation-space"]
    for _ in range(2):
        services.record_download(shelters.resources.get())
    assert names(sort="views_recent desc") == ["132144-evacuation-space", "budget"]


def test_filters_counts_and_paging_through_the_api(client, city, bosai):
    seisaku = DepartmentFactory(code="seisaku", name="政策部")
    bousai_group = Group.objects.create(name="bousai", title="防災", title_en="Disaster prevention")
    for year in range(2020, 2025):
        publish_dataset(
            bosai, f"避難所一覧 {year}年", tags=["防災"], groups=[bousai_group], name=f"shelters-{year}"
        )
    publish_dataset(
        seisaku, "予算書", tags=["財政"], formats=("PDF", "XLSX"), name="budget", standard_type=""
    )

    response = client.get(
        "/api/3/action/package_search",
        {
            "q": "避難所",
            "fq": "groups:bousai",
            "rows": 2,
            "start": 1,
            "sort": "name asc",
            "facet.field": json.dumps(["organization", "groups", "res_format"]),
        },
    ).json()
    assert response["success"] and response["result"]["count"] == 5
    assert [p["name"] for p in response["result"]["results"]] == ["shelters-2021", "shelters-2022"]
    assert response["result"]["facets"] == {
        "organization": {"bosai": 5},
        "groups": {"bousai": 5},
        "res_format": {"CSV": 5},
    }
    assert response["result"]["search_facets"]["groups"]["items"] == [
        {"name": "bousai", "display_name": "防災", "count": 5}
    ]

    everything = facets()
    assert everything["organization"] == {"bosai": 5, "seisaku": 1}
    assert everything["res_format"] == {"CSV": 5, "PDF": 1, "XLSX": 1}
    assert everything["tags"] == {"防災": 5, "財政": 1}
    assert names("", fq="owner_org:seisaku res_format:XLSX") == ["budget"]
    assert names("避難所", fq="organization:seisaku") == []
    assert names("", fq="tags:存在しないタグ") == [] and names("", fq="name:budget") == ["budget"]
    assert names("", fq="id:not-a-uuid") == []


def test_facet_values_with_spaces_quotes_and_case_survive(city, bosai):
    odd = 'Wi-Fi "2024" 100%'
    publish_dataset(bosai, "公衆無線LAN", tags=[odd, "Free Wi-Fi"], formats=("geojson",), name="wifi")
    assert facets()["tags"] == {odd: 1, "Free Wi-Fi": 1}
    assert facets()["res_format"] == {"GEOJSON": 1}
    assert names("", filters=[("tags", odd)]) == ["wifi"]
    assert names("", fq='tags:"Free Wi-Fi"') == ["wifi"] and names("", fq="tags:free") == []
    assert names("lan") == ["wifi"] and names("ＬＡＮ") == ["wifi"]
    assert names("", fq="license_id:CC-BY-4.0") == [] and names("", fq="license_id:cc-by-4.0") == ["wifi"]


def test_stored_tokens_round_trip():
    for value in ['a "b" c', "100%", "タブ\tと改行\n", "バック\\スラッシュ", "全角　空白", "it's", "L01"]:
        stored = search.facet_key("tags", value)
        assert not any(ch.isspace() or ch in "\"'\\" or "A" <= ch <= "Z" for ch in stored)
        assert search.split_key(stored) == ("tags", value)


def _entries():
    return {
        e.dataset_id: (e.name, e.title, e.created_at, e.updated_at, e.downloads, e.facets, e.terms)
        for e in SearchEntry.objects.all()
    }


def test_rows_kept_step_by_step_equal_a_rebuild(city, bosai, shelters):
    other = publish_dataset(
        bosai, "公衆トイレ一覧", tags=["トイレ", "防災"], formats=("CSV", "PDF"), name="toilets"
    )
    services.update_dataset(other, by=None, notes="車いす対応のトイレを含みます。", tags=["トイレ"])
    services.add_resource(
        shelters, by=None, name="避難所マップ", url="https://example.jp/m.kml", format="KML"
    )
    services.record_download(shelters.resources.first())
    draft = services.create_dataset(by=None, organization=bosai, title="下書き", name="draft")
    services.submit_for_review(draft, by=None)

    step_by_step = _entries()
    assert set(step_by_step) == {shelters.pk, other.pk}
    SearchEntry.objects.all().delete()
    assert search.rebuild() == 2
    assert _entries() == step_by_step


@pytest.mark.parametrize("sort", list(queries.SORTS))
def test_every_sort_gives_the_same_page_whichever_way_sqlite_reads_it(monkeypatch, city, bosai, sort):
    """On SQLite `find` either walks a sort index probing FTS5 (most rows match) or reads the
    matching rowids first; both must give the same pages."""
    for index, town in enumerate(["北町", "本町", "南町", "新町", "泉町", "本多"]):
        dataset = publish_dataset(bosai, f"{town}の公共施設一覧", name=f"facility-{index}")
        for _ in range(index % 3):
            services.record_download(dataset.resources.get())

    def pages():
        return [
            names("公共施設", sort=sort),
            [d.name for d in queries.search_datasets("施設", sort=sort, rows=2, start=3).datasets],
        ]

    monkeypatch.setattr(search, "PROBE_COST", 10**9)  # always the rowid list
    listed = pages()
    monkeypatch.setattr(search, "PROBE_COST", 0)  # always walk and probe (where an index gives the order)
    assert pages() == listed
    assert len(listed[0]) == 6 and len(listed[1]) == 2


def test_reindex_command_restores_lost_rows(shelters):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    assert names("避難所") == []
    call_command("opendata", "reindex", stdout=None)
    assert names("避難所") == ["132144-evacuation-space"]


@pytest.mark.parametrize("base", ["http://testserver", "https://opendata.example.jp"])
def test_search_results_splice_the_stored_dict_as_decoding_it_would_give(client, base, bosai, settings):
    """package_search puts each stored package dict into the answer as JSON text (no decode and
    encode per row); what a client reads is what with_base on the decoded dict gives."""
    settings.ALLOWED_HOSTS = ["testserver", "opendata.example.jp"]
    from madoguchi.opendata.dictize import with_base, with_base_text
    from madoguchi.opendata.models import Dataset as DatasetModel

    dataset = services.create_dataset(
        by=None, organization=bosai, title='避難所 "url": "/x" \\ 一覧', name="quoted"
    )
    services.add_resource(dataset, by=None, name="避難所", content=b"a,b\n1,2\n", filename="a.csv")
    services.publish(dataset, by=None)
    services.record_download(dataset.resources.get())
    stored = DatasetModel.objects.get(pk=dataset.pk)
    expected = with_base(stored.search_doc, base, stored.downloads)
    assert json.loads(with_base_text(json.dumps(stored.search_doc), base, stored.downloads)) == expected
    host = base.split("://", 1)[1]
    response = client.get(
        "/api/3/action/package_search",
        {"q": "避難所"},
        HTTP_HOST=host,
        **({"wsgi.url_scheme": "https"} if base.startswith("https") else {}),
    )
    [found] = response.json()["result"]["results"]
    assert found == expected and found["download_count"] == 1
    assert found["resources"][0]["url"].startswith(base + "/opendata/dataset/quoted/")


def test_rows_with_the_same_facet_keys_share_one_facet_set(bosai):
    """PostgreSQL matches facet keys against the sets (SearchFacetSet): each row's set must hold
    exactly its keys, and a rebuild drops the sets no row uses any more."""
    publish_dataset(bosai, "指定緊急避難場所一覧", tags=["防災"], name="shelters")
    publish_dataset(bosai, "防災倉庫一覧", tags=["防災"], name="stores")
    aed = publish_dataset(bosai, "AED設置場所一覧", tags=["医療"], formats=("CSV", "PDF"), name="aed")
    entries = {e.name: e for e in SearchEntry.objects.select_related("facet_set")}
    assert all(entry.facet_set.facets == entry.facets for entry in entries.values())
    assert entries["shelters"].facet_set_id == entries["stores"].facet_set_id != entries["aed"].facet_set_id
    assert facets("", fq="tags:医療 OR res_format:PDF")["organization"] == {"bosai": 1}
    assert sorted(names(fq="-tags:医療")) == ["shelters", "stores"]

    services.return_to_draft(aed, by=None, reason="位置の確認")
    assert SearchFacetSet.objects.count() == 2  # the unused set stays until a rebuild
    assert names(fq="res_format:PDF") == []
    search.rebuild()
    assert list(SearchFacetSet.objects.values_list("facets", flat=True)) == [entries["shelters"].facets]
