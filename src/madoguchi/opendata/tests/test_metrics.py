"""PDCA metrics from the catalog: dataset count, share of ★3+, downloads, Wi-Fi sites and internet
terminals from the city's own lists, new and converted open data per 年度."""

import datetime

import pytest

from madoguchi.opendata import metrics as figures
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset, DatasetUsage
from madoguchi.pdca.metrics import metrics

pytestmark = pytest.mark.django_db


def test_dataset_count_stars_and_downloads(bosai):
    csv = services.create_dataset(by=None, organization=bosai, title="CSVのデータ")
    services.add_resource(csv, by=None, name="a", content=b"a,b\n1,2\n", filename="a.csv")
    services.publish(csv, by=None)
    pdf = services.create_dataset(by=None, organization=bosai, title="PDFのデータ")
    services.add_resource(pdf, by=None, name="b", content=b"%PDF", filename="b.pdf")
    services.publish(pdf, by=None)
    Dataset.objects.update(published_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    DatasetUsage.objects.create(dataset=csv, month=datetime.date(2025, 4, 1), downloads=2, api_calls=9)
    DatasetUsage.objects.create(
        dataset=csv, month=datetime.date(2026, 3, 1), downloads=3
    )  # 年度's last month
    DatasetUsage.objects.create(dataset=csv, month=datetime.date(2025, 3, 1), downloads=11)  # the 年度 before
    DatasetUsage.objects.create(dataset=csv, month=datetime.date(2026, 4, 1), downloads=7)  # next 年度

    assert figures.dataset_count(2025) == 2 and figures.dataset_count(2024) == 0
    assert figures.share_three_stars(2025) == 50
    assert figures.downloads(2025) == 5
    assert figures.downloads_per_dataset(2025) == {"CSVのデータ": 5}
    assert figures.api_calls(2025) == 9 and figures.api_calls(2026) == 0
    assert figures.api_calls_per_dataset(2025) == {"CSVのデータ": 9}
    assert "opendata.api_calls" in metrics


UTC = datetime.UTC


def published(bosai, title, content, filename, *, standard_type=None, when=None):
    dataset = services.create_dataset(by=None, organization=bosai, title=title)
    services.add_resource(
        dataset, by=None, name=title, content=content, filename=filename, standard_type=standard_type
    )
    if standard_type:  # a short list, not every column of the standard: published as records
        Dataset.objects.filter(pk=dataset.pk).update(state=Dataset.State.PUBLISHED, published_at=when)
    else:
        services.publish(dataset, by=None)
    if when is not None:
        Dataset.objects.filter(pk=dataset.pk).update(published_at=when)
    return dataset


def test_wifi_sites_and_terminals_are_the_rows_of_the_citys_own_lists(bosai):
    wifi = "名称,SSID\n市役所本庁舎,Free\n本多公民館,Free\n本多公民館,Free\n".encode()
    published(
        bosai,
        "公衆無線LAN",
        wifi,
        "wifi.csv",
        standard_type="07",
        when=datetime.datetime(2024, 5, 1, tzinfo=UTC),
    )
    terminals = "名称,設置台数\n本多図書館,6\n光公民館,2\n".encode()
    published(
        bosai,
        "端末",
        terminals,
        "pc.csv",
        standard_type="L01",
        when=datetime.datetime(2025, 5, 1, tzinfo=UTC),
    )

    sites = metrics.get("public-wifi-sites")
    assert (sites.value(2023), sites.value(2024), sites.value(2025)) == (None, 2, 2)  # 本多公民館 once
    assert [r.label for r in sites.drill(2024, None)][0] == "公衆無線LAN: 市役所本庁舎"
    count = metrics.get("public-terminal-count")
    assert (count.value(2024), count.value(2025)) == (None, 8)
    assert count.breakdown(2025, None) == {"本多図書館": 6, "光公民館": 2}


def test_terminal_users_are_summed_over_the_fiscal_years_months_from_the_published_statistics(bosai):
    first = "名称,年月,利用者数\n本多図書館,2024-03,50\n本多図書館,2024-04,10\n光公民館,2025-03,7\n".encode()
    published(
        bosai,
        "端末の利用者",
        first,
        "users.csv",
        standard_type="L02",
        when=datetime.datetime(2024, 6, 1, tzinfo=UTC),
    )
    # March's figures come out after the year ends; a later list correcting a month replaces it
    later = "名称,年月,利用者数\n本多図書館,2024-04,12\n本多図書館,2025-04,99\n光公民館,2025-03,x\n".encode()
    published(
        bosai,
        "端末の利用者（訂正）",
        later,
        "users2.csv",
        standard_type="L02",
        when=datetime.datetime(2025, 5, 1, tzinfo=UTC),
    )
    users = metrics.get("public-terminal-users")
    assert users.value(2023) == 50  # 2024-03 belongs to 年度 2023
    assert users.value(2024) == 12  # April corrected to 12; March's unreadable cell counts nothing
    assert users.breakdown(2024, None) == {"光公民館": 0, "本多図書館": 12}
    assert [(r.month, r.label) for r in users.drill(2024, None)] == [
        ("2024-04", "本多図書館: 12"),
        ("2025-03", "光公民館: 0"),
    ]
    assert users.value(2022) is None  # no month of that 年度: データなし, not 0


def test_card_issuance_rate_is_the_last_published_month_of_the_fiscal_year(bosai):
    rows = "年月,住民基本台帳人口,交付枚数\n2024-03,1000,700\n2024-04,1000,710\n2025-03,1000,765\n2025-04,1002,770\n".encode()
    published(
        bosai,
        "交付状況",
        rows,
        "cards.csv",
        standard_type="L03",
        when=datetime.datetime(2025, 5, 1, tzinfo=UTC),
    )
    rate = metrics.get("opendata.mynumber-issuance-published")
    assert (rate.value(2023), rate.value(2024), rate.value(2025)) == (70.0, 76.5, 76.8)  # 2025: April so far
    assert rate.breakdown(2024, None) == {"2024-04": 71.0, "2025-03": 76.5}
    assert rate.value(2022) is None
    # Without card information from the resident registry the plan's indicator is this figure.
    assert metrics.get("mynumber-issuance-rate").value(2024) == 76.5


def test_the_demo_catalog_computes_the_terminal_users_and_the_card_rate(db):
    from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
    from madoguchi.opendata import demo

    MunicipalityFactory()
    for code in ("digital", "shimin"):
        DepartmentFactory(code=code)
    demo.load(lambda line: None)
    assert metrics.get("public-terminal-users").value(2023) == 3480  # the 2023 review quotes it
    assert 60 < metrics.get("mynumber-issuance-rate").value(2024) < 100


def test_new_open_data_and_converted_statistics_per_fiscal_year(bosai, bosai_staff):
    from madoguchi.core.models import Event
    from madoguchi.opendata.models import ConversionJob

    published(bosai, "新しいCSV", b"a,b\n1,2\n", "a.csv", when=datetime.datetime(2025, 4, 1, 3, tzinfo=UTC))
    published(
        bosai, "PDFだけ", b"%PDF", "b.pdf", when=datetime.datetime(2025, 4, 1, 3, tzinfo=UTC)
    )  # ★2: not open format
    published(
        bosai, "前年度のCSV", b"a,b\n1,2\n", "c.csv", when=datetime.datetime(2025, 3, 31, 14, tzinfo=UTC)
    )
    target = published(
        bosai, "人口統計", b"a,b\n1,2\n", "d.csv", when=datetime.datetime(2025, 6, 1, tzinfo=UTC)
    )
    job = ConversionJob.objects.create(original_name="人口統計.pdf", state=ConversionJob.State.DONE)
    services.publish_conversion(job, by=bosai_staff, dataset=target, csv_text="年,人口\n2025,126000\n")
    Event.objects.filter(verb="conversion_published").update(time=datetime.datetime(2025, 7, 1, tzinfo=UTC))

    new = metrics.get("opendata-new-datasets")
    assert (new.value(2024), new.value(2025)) == (1, 1)  # the converted statistics are not "new"
    assert [r.label for r in new.drill(2025, None)] == ["新しいCSV"]
    converted = metrics.get("opendata-converted-existing")
    assert (converted.value(2024), converted.value(2025)) == (0, 1)
    assert converted.drill(2025, None)[0].label == "人口統計.pdf → 人口統計"
