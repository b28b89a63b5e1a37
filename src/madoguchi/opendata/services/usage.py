"""利用状況: downloads and CKAN API calls per dataset and month, as counters only.

Nothing about who used the data is kept (no IP address, account, user agent or time of day): a
use adds one to the month's counter of the dataset. Each count is a single upsert
(`INSERT … ON CONFLICT … DO UPDATE SET n = n + 1`, on SQLite and PostgreSQL alike), so two
downloads at the same moment both count and the download path gains one statement.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Sum
from django.utils import timezone

from ..models import Dataset, DatasetUsage, Resource, SearchEntry


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


# one statement per use, the same on SQLite (3.24+) and PostgreSQL; constant text, values as params
UPSERT = {
    "downloads": 'INSERT INTO "opendata_datasetusage" ("dataset_id", "month", "downloads", "api_calls") '
    'VALUES (%s, %s, 1, 0) ON CONFLICT ("dataset_id", "month") '
    'DO UPDATE SET "downloads" = "opendata_datasetusage"."downloads" + 1',
    "api_calls": 'INSERT INTO "opendata_datasetusage" ("dataset_id", "month", "downloads", "api_calls") '
    'VALUES (%s, %s, 0, 1) ON CONFLICT ("dataset_id", "month") '
    'DO UPDATE SET "api_calls" = "opendata_datasetusage"."api_calls" + 1',
}


def _count(dataset_id, column: str) -> None:
    """Add one to `column` of the dataset's row for this month (JST), creating the row if needed."""
    params = [
        Dataset._meta.pk.get_db_prep_value(dataset_id, connection),
        connection.ops.adapt_datefield_value(this_month()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(UPSERT[column], params)


def record_download(resource: Resource) -> None:
    """Count a download: the resource's and the dataset's totals (shown and sorted on) and the
    dataset's month."""
    Resource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)
    Dataset.objects.filter(pk=resource.dataset_id).update(downloads=F("downloads") + 1)
    SearchEntry.objects.filter(dataset_id=resource.dataset_id).update(downloads=F("downloads") + 1)
    _count(resource.dataset_id, "downloads")


def record_api_call(dataset: Dataset) -> None:
    """Count a CKAN API call that served a published dataset (drafts seen through a staff token
    are not use by the public, and are not counted)."""
    if dataset.state == Dataset.State.PUBLISHED:
        _count(dataset.pk, "api_calls")


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthUsage:
    month: datetime.date  # the first day
    downloads: int
    api_calls: int


def months_back(last: datetime.date, n: int) -> list[datetime.date]:
    """The `n` months ending with `last` (first days), oldest first."""
    months = []
    year, month = last.year, last.month
    for _ in range(n):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def monthly_usage(dataset: Dataset, *, months: int = 12) -> list[MonthUsage]:
    """The dataset's use in each of the last `months` months (this one included), oldest first;
    a month without use shows zeros."""
    wanted = months_back(this_month(), months)
    rows = {row.month: row for row in DatasetUsage.objects.filter(dataset=dataset, month__gte=wanted[0])}
    return [
        MonthUsage(m, rows[m].downloads if m in rows else 0, rows[m].api_calls if m in rows else 0)
        for m in wanted
    ]


def fiscal_year_months(fiscal_year: int) -> list[datetime.date]:
    return months_back(datetime.date(fiscal_year + 1, 3, 1), 12)


def usage_totals(fiscal_year: int) -> list[MonthUsage]:
    """The whole catalog's use per month of the 年度 (April first)."""
    months = fiscal_year_months(fiscal_year)
    rows = {
        row["month"]: row
        for row in DatasetUsage.objects.filter(month__gte=months[0], month__lte=months[-1])
        .values("month")
        .annotate(d=Sum("downloads"), a=Sum("api_calls"))
        .order_by()
    }
    return [MonthUsage(m, rows[m]["d"] if m in rows else 0, rows[m]["a"] if m in rows else 0) for m in months]


def usage_per_dataset(fiscal_year: int, *, limit: int | None = None) -> list[dict]:
    """Published datasets by their use in the 年度 (downloads + API calls), most used first:
    {name, title, organization, downloads, api_calls}."""
    months = fiscal_year_months(fiscal_year)
    rows = (
        DatasetUsage.objects.filter(
            month__gte=months[0], month__lte=months[-1], dataset__state=Dataset.State.PUBLISHED
        )
        .values("dataset__name", "dataset__title", "dataset__organization__name")
        .annotate(d=Sum("downloads"), a=Sum("api_calls"))
        .order_by((F("d") + F("a")).desc(), "dataset__name")
    )
    if limit:
        rows = rows[:limit]
    return [
        {
            "name": row["dataset__name"],
            "title": row["dataset__title"],
            "organization": row["dataset__organization__name"],
            "downloads": row["d"],
            "api_calls": row["a"],
        }
        for row in rows
    ]


def usage_csv_rows(*, since: datetime.date | None = None):
    """Every month's counters of every published dataset (the open CSV), month then name order:
    (month "YYYY-MM", dataset name, title, department, downloads, API calls)."""
    qs = (
        DatasetUsage.objects.filter(dataset__state=Dataset.State.PUBLISHED)
        .select_related("dataset__organization")
        .order_by("month", "dataset__name")
    )
    if since is not None:
        qs = qs.filter(month__gte=since)
    for row in qs.iterator(chunk_size=2000):
        yield (
            f"{row.month:%Y-%m}",
            row.dataset.name,
            row.dataset.title,
            row.dataset.organization.name,
            row.downloads,
            row.api_calls,
        )
