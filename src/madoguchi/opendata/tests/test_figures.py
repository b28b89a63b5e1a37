"""PDCA figures: dataset count, share of ★3+, downloads per fiscal year."""

import datetime

import pytest

from madoguchi.opendata import figures, services
from madoguchi.opendata.models import Dataset, DownloadCount

pytestmark = pytest.mark.django_db


def test_figures(bosai):
    csv = services.create_dataset(by=None, organization=bosai, title="CSVのデータ")
    services.add_resource(csv, by=None, name="a", content=b"a,b\n1,2\n", filename="a.csv")
    services.publish(csv, by=None)
    pdf = services.create_dataset(by=None, organization=bosai, title="PDFのデータ")
    services.add_resource(pdf, by=None, name="b", content=b"%PDF", filename="b.pdf")
    services.publish(pdf, by=None)
    Dataset.objects.update(published_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    DownloadCount.objects.create(dataset=csv, day=datetime.date(2025, 7, 1), count=5)
    DownloadCount.objects.create(dataset=csv, day=datetime.date(2026, 4, 1), count=7)  # next 年度

    assert figures.dataset_count(2025) == 2 and figures.dataset_count(2024) == 0
    assert figures.share_three_stars(2025) == 50
    assert figures.downloads(2025) == 5
    assert figures.downloads_per_dataset(2025) == {"CSVのデータ": 5}


def test_metrics_are_registered():
    from madoguchi.pdca.metrics import metrics

    assert {"opendata.datasets", "opendata.machine_readable_share", "opendata.downloads"} <= set(
        metrics.codes()
    )
