"""Public pages: search with Japanese tokens and facets, the dataset page with its map and 5-star
level, the paged table preview, downloads counted for the PDCA figure."""

import pytest

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.identity.testing import login_staff
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset, DatasetUsage

from .conftest import evacuation_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(city, bosai):
    evacuation = services.create_dataset(
        by=None,
        organization=bosai,
        name="132144-evacuation-space",
        title="指定緊急避難場所一覧",
        standard_type="03",
        tags=["防災"],
    )
    services.add_resource(
        evacuation,
        by=None,
        name="避難場所CSV",
        content=evacuation_csv([{"名称": f"避難場所{i}"} for i in range(60)]),
        filename="e.csv",
    )
    services.publish(evacuation, by=None)
    budget = services.create_dataset(
        by=None, organization=DepartmentFactory(code="seisaku", name="政策部"), title="予算書", tags=["財政"]
    )
    services.add_resource(budget, by=None, name="予算書PDF", content=b"%PDF-1.4", filename="budget.pdf")
    services.publish(budget, by=None)
    draft = services.create_dataset(by=None, organization=bosai, title="避難所の備蓄品（作成中）")
    return {"evacuation": evacuation, "budget": budget, "draft": draft}


def test_search_tokenises_japanese_and_hides_drafts(client, catalog):
    html = client.get("/opendata/", {"q": "避難所"}).content.decode()
    assert "指定緊急避難場所一覧" in html and "予算書" not in html and "備蓄品" not in html
    assert "1 件のデータセット" in html


def test_facets_narrow_the_results(client, catalog):
    html = client.get("/opendata/").content.decode()
    assert "担当部署" in html and "ファイル形式" in html and "標準データセット" in html
    assert "03 指定緊急避難場所一覧" in html
    narrowed = client.get("/opendata/", {"res_format": "PDF"}).content.decode()
    assert "予算書" in narrowed and "指定緊急避難場所一覧" not in narrowed


def test_dataset_page_has_stars_map_and_api_hints(client, catalog):
    html = client.get("/opendata/dataset/132144-evacuation-space/").content.decode()
    assert "★4" in html and 'data-geojson="/opendata/dataset/132144-evacuation-space/geo.json"' in html
    assert "/api/3/action/package_show?id=132144-evacuation-space" in html
    assert "<script>" not in html and "style=" not in html
    budget = client.get("/opendata/dataset/" + catalog["budget"].name + "/").content.decode()
    assert "★1" in budget and "data-geojson" not in budget


def test_geojson_for_the_map(client, catalog):
    data = client.get("/opendata/dataset/132144-evacuation-space/geo.json").json()
    assert len(data["features"]) == 60
    assert data["features"][0]["geometry"]["coordinates"] == [139.462, 35.7001]


def test_table_preview_is_paged(client, catalog):
    resource = catalog["evacuation"].resources.get()
    html = client.get(
        f"/opendata/dataset/132144-evacuation-space/resource/{resource.id}/", {"page": 2}
    ).content.decode()
    table = html.split('class="table-wrap od-preview"', 1)[1]  # the places list beside the map has all
    assert "避難場所50" in table and "避難場所49" not in table and "全60行" in html


def test_download_is_counted(client, catalog):
    resource = catalog["evacuation"].resources.get()
    response = client.get(f"/opendata/dataset/132144-evacuation-space/resource/{resource.id}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(
        "全国地方公共団体コード".encode()
    )
    catalog["evacuation"].refresh_from_db()
    usage = DatasetUsage.objects.get()
    assert catalog["evacuation"].downloads == 1 and (usage.downloads, usage.api_calls) == (1, 0)


def test_draft_is_not_public(client, catalog):
    assert client.get(f"/opendata/dataset/{catalog['draft'].name}/").status_code == 404


def test_pages_in_english(client, catalog):
    html = client.get("/opendata/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open data" in html and "Keyword" in html
    assert "Recently updated" in html and "Most downloaded" in html  # module-level strings reach the catalog


def test_schema_and_api_guide(client, catalog):
    schema = client.get("/opendata/schemas/07.json").json()
    assert [f["name"] for f in schema["fields"][:3]] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    assert client.get("/opendata/api/").status_code == 200


def test_home_page_offers_open_data(client, city):
    assert "/opendata/" in client.get("/").content.decode()


def test_staff_create_upload_and_publish(client, city, bosai, bosai_staff):
    login_staff(client, bosai_staff)
    response = client.post(
        "/opendata/staff/new/",
        {
            "organization": bosai.pk,
            "title": "指定緊急避難場所一覧",
            "standard_type": "03",
            "tags": "避難、防災",
            "license_id": "cc-by-4.0",
            "frequency": "annual",
        },
    )
    dataset = Dataset.objects.get()
    assert response.status_code == 302 and dataset.state == Dataset.State.DRAFT
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/opendata/staff/dataset/{dataset.name}/resource/",
        {"file": SimpleUploadedFile("e.csv", evacuation_csv([{}]), "text/csv")},
    )
    client.post(f"/opendata/staff/dataset/{dataset.name}/submit/")
    client.post(f"/opendata/staff/dataset/{dataset.name}/publish/")
    dataset.refresh_from_db()
    assert dataset.state == Dataset.State.PUBLISHED and dataset.stars == 4
    assert client.get("/opendata/staff/").status_code == 200


def test_staff_pages_need_staff(client, city):
    assert client.get("/opendata/staff/").status_code in (302, 403)


def test_dataset_history_names_what_happened_in_the_readers_language(client, catalog):
    url = "/opendata/dataset/132144-evacuation-space/"
    page = client.get(url)
    assert [str(e["label"]) for e in page.context["history"]] == ["作成", "リソースの追加", "公開"]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Resource added" in english.content.decode() and "Published" in english.content.decode()
