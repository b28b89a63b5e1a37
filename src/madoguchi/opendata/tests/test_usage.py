"""利用状況: downloads and CKAN API calls per dataset and month, counters only (no IP, no account),
one upsert per use; shown on the dataset page (last 12 months), in an open CSV and in the yearly
evaluation report; concurrent counts are not lost (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.opendata import report, services
from madoguchi.opendata.models import Dataset, DatasetUsage

from .conftest import evacuation_csv

pytestmark = pytest.mark.django_db

CSV = "名称,緯度,経度\n第一小学校,35.7001,139.4620\n".encode()


@pytest.fixture
def shelters(city, bosai):
    dataset = services.create_dataset(by=None, organization=bosai, title="指定避難所一覧", name="shelters")
    services.add_resource(dataset, by=None, name="避難所", content=CSV, filename="shelters.csv")
    return services.publish(dataset, by=None)


def usage(dataset) -> tuple[int, int]:
    row = DatasetUsage.objects.get(dataset=dataset, month=timezone.localdate().replace(day=1))
    return row.downloads, row.api_calls


def test_downloads_count_per_month_in_one_row(client, shelters):
    resource = shelters.resources.get()
    url = reverse("opendata:download", args=["shelters", resource.id])
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert usage(shelters) == (3, 0) and DatasetUsage.objects.count() == 1
    resource.refresh_from_db()
    assert resource.downloads == 3 and Dataset.objects.get(pk=shelters.pk).downloads == 3


def test_counting_a_use_is_one_statement(shelters, django_assert_num_queries):
    """The first use of the month inserts the row, later ones add to it: one statement either way."""
    with django_assert_num_queries(1):
        services.record_api_call(shelters)
    with django_assert_num_queries(1):
        services.record_api_call(shelters)
    # a download also keeps the resource's, the dataset's and the search row's totals (sorting)
    resource = shelters.resources.get()
    with django_assert_num_queries(4):
        services.record_download(resource)
    assert usage(shelters) == (1, 2)


def test_api_calls_that_serve_a_dataset_are_counted(client, shelters):
    resource = shelters.resources.get()
    calls = [
        ("package_show", {"id": "shelters"}),
        ("package_show", {"id": str(shelters.pk)}),
        ("resource_show", {"id": str(resource.id)}),
        ("datastore_search", {"resource_id": str(resource.id)}),
        ("datastore_info", {"id": str(resource.id)}),
        ("datastore_search_sql", {"sql": f'SELECT * FROM "{resource.id}" LIMIT 1'}),
    ]
    for action, params in calls:
        assert client.get(f"/api/3/action/{action}", params).status_code == 200, action
    assert usage(shelters) == (0, len(calls))
    # searching serves no single dataset; a refused call serves nothing
    client.get("/api/3/action/package_search", {"q": "避難所"})
    refused = client.get(
        "/api/3/action/datastore_search", {"resource_id": str(resource.id), "filters": '{"無い列": 1}'}
    )
    assert refused.status_code == 409
    assert usage(shelters) == (0, len(calls))


def test_drafts_seen_through_a_staff_token_are_not_counted(client, bosai, bosai_staff):
    draft = services.create_dataset(by=None, organization=bosai, title="下書き", name="draft-one")
    token = services.issue_api_token(bosai_staff, name="test")
    response = client.get("/api/3/action/package_show", {"id": "draft-one"}, HTTP_AUTHORIZATION=token)
    assert response.status_code == 200 and not DatasetUsage.objects.filter(dataset=draft).exists()


def test_nothing_about_the_user_is_kept():
    """The table is a dataset, a month and two counters: nowhere to put an IP or an account."""
    names = {f.name for f in DatasetUsage._meta.get_fields()}
    assert names == {"id", "dataset", "month", "downloads", "api_calls"}


def test_dataset_page_shows_the_last_twelve_months(client, shelters):
    this_month = timezone.localdate().replace(day=1)
    old = services.usage.months_back(this_month, 13)[0]  # 12 months before this one: not shown
    DatasetUsage.objects.create(dataset=shelters, month=this_month, downloads=7, api_calls=31)
    DatasetUsage.objects.create(dataset=shelters, month=old, downloads=500, api_calls=0)
    months = services.monthly_usage(shelters)
    assert len(months) == 12 and months[-1].month == this_month and months[0].month > old
    html = client.get(reverse("opendata:dataset", args=["shelters"])).content.decode()
    assert "利用状況（過去12か月）" in html and f"{this_month:%Y-%m}" in html
    assert ">31<" in html and ">500<" not in html


def test_usage_csv_lists_published_datasets_only(client, shelters, bosai):
    draft = services.create_dataset(by=None, organization=bosai, title="公開前の内部データ", name="draft-two")
    month = datetime.date(2025, 5, 1)
    DatasetUsage.objects.create(dataset=shelters, month=month, downloads=4, api_calls=9)
    DatasetUsage.objects.create(dataset=draft, month=month, downloads=1)
    response = client.get(reverse("opendata:usage_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("月,識別名,データセット")
    assert "2025-05,shelters,指定避難所一覧,防災安全課,4,9" in lines
    assert "公開前の内部データ" not in response.content.decode("utf-8-sig")


def test_yearly_report_has_the_usage_of_the_fiscal_year(client, shelters, bosai):
    from madoguchi.pdca.loader import load_plan, read_plan_file
    from madoguchi.pdca.reports import report_html

    second = services.create_dataset(by=None, organization=bosai, title="AED設置場所", name="aed")
    services.add_resource(second, by=None, name="AED", content=evacuation_csv([{}]), filename="aed.csv")
    services.publish(second, by=None)
    DatasetUsage.objects.create(dataset=shelters, month=datetime.date(2025, 4, 1), downloads=3, api_calls=10)
    DatasetUsage.objects.create(dataset=shelters, month=datetime.date(2026, 3, 1), downloads=2)
    DatasetUsage.objects.create(dataset=second, month=datetime.date(2025, 9, 1), downloads=40, api_calls=1)
    DatasetUsage.objects.create(dataset=second, month=datetime.date(2026, 4, 1), downloads=999)  # next 年度

    tables = report.usage_tables(2025)
    months, top = tables
    assert [row[0] for row in months.rows][:1] == ["2025年4月"] and len(months.rows) == 13
    assert months.rows[-1] == ["合計", 45, 11]
    assert [row[0] for row in top.rows] == ["AED設置場所", "指定避難所一覧"]
    assert report.usage_tables(2023) == []  # nothing used: no section

    for code in ("digital", "shimin", "kyodo", "johokanri", "shokuin", "seisaku"):
        DepartmentFactory(code=code)
    plan = load_plan(read_plan_file())
    html = report_html(plan, 2025)
    assert "オープンデータの利用状況" in html and "よく使われたデータセット" in html and "AED設置場所" in html
    assert "オープンデータの利用状況" not in report_html(plan, 2023)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_downloads_are_all_counted():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them)")
    MunicipalityFactory()
    dataset = services.create_dataset(by=None, organization=DepartmentFactory(code="bosai"), title="避難所")
    resource = services.add_resource(dataset, by=None, name="避難所", content=CSV, filename="s.csv")
    services.publish(dataset, by=None)
    workers, each = 8, 10
    barrier = threading.Barrier(workers)
    errors = []

    def download():
        try:
            client = Client()
            barrier.wait(timeout=10)
            for _ in range(each):
                client.get(reverse("opendata:download", args=[dataset.name, resource.id]))
                services.record_api_call(dataset)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=download) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    row = DatasetUsage.objects.get(dataset=dataset)
    assert (row.downloads, row.api_calls) == (workers * each, workers * each)
    assert Dataset.objects.get(pk=dataset.pk).downloads == workers * each
