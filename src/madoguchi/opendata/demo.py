"""The demo catalog: 24 datasets of the fictional-but-plausible 国分寺市 (132144), across the
standard types, including public Wi-Fi spots and public internet terminals (plan 1-エ) on a map.
Values are invented; coordinates sit inside the city. Idempotent: existing datasets are kept.

The catalog is data, not code: `data/demo/catalog.json` lists the groups and the datasets with
their resources, each resource a file under `data/demo/resources/` (published as `file`; read
from `source` when two resources share one file; built as Excel from the JSON `table`), or a link
(`url` and `format`).
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

from django.utils import timezone

from madoguchi.core.models import Department

from . import services
from .models import Dataset, Group

DATA = Path(__file__).resolve().parent / "data" / "demo"
RESOURCES = DATA / "resources"


def catalog() -> dict:
    with (DATA / "catalog.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _xlsx(header: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook  # heavy: only when the demo is loaded, as in tables and conversion

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def resource_content(item: dict) -> bytes:
    """The bytes of a file resource of the catalog."""
    if "table" in item:
        table = json.loads((RESOURCES / item["table"]).read_text(encoding="utf-8"))
        return _xlsx(table["header"], table["rows"])
    return (RESOURCES / item.get("source", item["file"])).read_bytes()


def _add_resource(dataset: Dataset, item: dict) -> None:
    if "file" in item:
        services.add_resource(
            dataset,
            by=None,
            name=item["name"],
            content=resource_content(item),
            filename=item["file"],
            standard_type=item.get("standard_type", ""),
        )
    else:
        services.add_resource(
            dataset, by=None, name=item["name"], url=item["url"], format=item["format"], standard_type=""
        )


def load(say) -> None:
    data = catalog()
    for group in data["groups"]:
        Group.objects.update_or_create(
            name=group["name"], defaults={"title": group["title"], "title_en": group["title_en"]}
        )
    temporal_start = datetime.date.fromisoformat(data["temporal_start"])
    created = 0
    for item in data["datasets"]:
        if Dataset.objects.filter(name=item["name"]).exists():
            continue
        organization = (
            Department.objects.filter(code=item["organization"]).first() or Department.objects.first()
        )
        if organization is None:
            say("オープンデータ: 部署がありません（core の読み込みが先です）")
            return
        fields = {k: v for k, v in item.items() if k not in {"organization", "resources", "name", "title"}}
        dataset = services.create_dataset(
            by=None,
            organization=organization,
            name=item["name"],
            title=item["title"],
            is_demo=True,
            contact_name=organization.name,
            contact_email=data["contact_email"],
            temporal_start=temporal_start,
            **fields,
        )
        for resource in item["resources"]:
            _add_resource(dataset, resource)
        services.publish(dataset, by=None)
        created += 1
    Dataset.objects.filter(is_demo=True, published_at__isnull=True).update(published_at=timezone.now())
    say(
        f"オープンデータ: データセット {Dataset.objects.filter(is_demo=True).count()} 件（今回追加 {created} 件）"
    )
