"""Resources: files and links of a dataset, their validation against a standard, the datastore
rows behind datastore_search and the preview (download counts: `usage`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.models import User

from .. import search, standards, tables
from ..events import Verb
from ..models import Dataset, DatastoreRow, Resource
from ..validation import validate_table
from .common import DATASTORE_LIMIT_ROWS, ensure_edit, refresh


def resource_bytes(resource: Resource) -> bytes | None:
    if not resource.file:
        return None
    with resource.file.open("rb") as handle:
        return handle.read()


def read_resource_table(resource: Resource) -> tuple[list[str], list[list[str]]] | None:
    data = resource_bytes(resource)
    if data is None or not resource.is_tabular:
        return None
    return tables.read_table(data, resource.format)


def validate_resource(resource: Resource) -> dict:
    """Check a resource against its standard schema; the report is kept on the resource."""
    standard = standards.get(resource.standard_type)
    if standard is None:
        report = {"valid": True, "errors": []}
    else:
        table = read_resource_table(resource)
        if table is None:
            errors = [
                {
                    "row": None,
                    "field": "",
                    "message": _("標準データセットはCSVまたはExcelファイルで登録してください。"),
                }
            ]
        else:
            errors = validate_table(standard, *table)
        report = {"valid": not errors, "errors": errors, "schema": standard.code}
    Resource.objects.filter(pk=resource.pk).update(validation=report)
    resource.validation = report
    return report


def _cast(value: str, kind: str):
    if value in ("", None):
        return None
    try:
        if kind == "int":
            return int(value)
        if kind == "numeric":
            number = float(value)
            return int(number) if number.is_integer() and "." not in str(value) else number
    except ValueError:
        return value
    return value


def _infer_kind(values: list[str]) -> str:
    filled = [v for v in values if v not in ("", None)]
    if not filled:
        return "text"
    try:
        [int(v) for v in filled]
        return "int"
    except ValueError:
        pass
    try:
        [float(v) for v in filled]
        return "numeric"
    except ValueError:
        return "text"


CKAN_TYPES = {"integer": "int", "number": "numeric", "date": "date", "string": "text"}


def load_datastore(resource: Resource) -> int:
    """Load a tabular resource into the datastore (rows as JSON), for datastore_search and preview."""
    table = read_resource_table(resource)
    DatastoreRow.objects.filter(resource=resource).delete()
    if table is None or not table[0]:
        Resource.objects.filter(pk=resource.pk).update(datastore_active=False, datastore_fields=[])
        resource.datastore_active = False
        return 0
    header, rows = table
    header = [h or f"列{i + 1}" for i, h in enumerate(header)]
    rows = rows[:DATASTORE_LIMIT_ROWS]
    standard = standards.get(resource.standard_type)
    declared = {f["name"]: CKAN_TYPES.get(f["type"], "text") for f in standard.fields} if standard else {}
    kinds = []
    for index, name in enumerate(header):
        kind = declared.get(name) or _infer_kind([r[index] if index < len(r) else "" for r in rows[:1000]])
        kinds.append(kind)
    batch = []
    for number, row in enumerate(rows, start=1):
        cells = [row[i] if i < len(row) else "" for i in range(len(header))]
        data = {name: _cast(cell, kind) for name, cell, kind in zip(header, cells, kinds, strict=True)}
        batch.append(
            DatastoreRow(resource=resource, number=number, data=data, text=search.fold(" ".join(cells)))
        )
    DatastoreRow.objects.bulk_create(batch, batch_size=1000)
    fields = [{"id": name, "type": kind} for name, kind in zip(header, kinds, strict=True)]
    Resource.objects.filter(pk=resource.pk).update(datastore_active=True, datastore_fields=fields)
    resource.datastore_active, resource.datastore_fields = True, fields
    return len(batch)


@transaction.atomic
def add_resource(
    dataset: Dataset,
    *,
    by: User | None,
    name: str,
    content: bytes | None = None,
    filename: str = "",
    url: str = "",
    format: str = "",
    description: str = "",
    standard_type: str | None = None,
) -> Resource:
    """リソースを追加する: a file (content + filename) or a link (url)."""
    ensure_edit(by, dataset.organization)
    if content is None and not url:
        raise ValidationError(_("ファイルを選ぶか、URLを入力してください。"))
    fmt = (format or tables.guess_format(filename or url)).upper()
    if standard_type is None:
        standard_type = dataset.standard_type if fmt in {"CSV", "XLSX"} else ""
    resource = Resource(
        dataset=dataset,
        name=name or filename or url,
        description=description,
        url=url,
        format=fmt,
        standard_type=standard_type,
        position=dataset.resources.count(),
    )
    if content is not None:
        resource.file.save(filename or f"{resource.id}.{fmt.lower()}", ContentFile(content), save=False)
        resource.size = len(content)
        resource.mimetype = {
            "CSV": "text/csv",
            "PDF": "application/pdf",
            "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }.get(fmt, "application/octet-stream")
    resource.save()
    _after_resource_change(resource)
    record_event(
        dataset, verb=Verb.RESOURCE_ADDED, actor=by, data={"resource": str(resource.id), "format": fmt}
    )
    return resource


def _after_resource_change(resource: Resource) -> None:
    if resource.standard_type:
        validate_resource(resource)
    if resource.is_tabular:
        load_datastore(resource)
    dataset = resource.dataset
    dataset.updated_at = timezone.now()
    dataset.save(update_fields=["updated_at"])
    refresh(dataset)


@transaction.atomic
def update_resource(
    resource: Resource, *, by: User | None, content: bytes | None = None, filename: str = "", **fields
) -> Resource:
    ensure_edit(by, resource.dataset.organization)
    for key in ("name", "description", "url", "format", "standard_type"):
        if key in fields and fields[key] is not None:
            setattr(resource, key, fields[key].upper() if key == "format" else fields[key])
    if content is not None:
        resource.file.save(
            filename or f"{resource.id}.{resource.format.lower()}", ContentFile(content), save=False
        )
        resource.size = len(content)
    resource.last_modified = timezone.now()
    resource.save()
    _after_resource_change(resource)
    record_event(resource.dataset, verb=Verb.RESOURCE_UPDATED, actor=by, data={"resource": str(resource.id)})
    return resource


@transaction.atomic
def delete_resource(resource: Resource, *, by: User | None) -> None:
    ensure_edit(by, resource.dataset.organization)
    dataset = resource.dataset
    resource_id = str(resource.id)
    resource.delete()
    refresh(dataset)
    record_event(dataset, verb=Verb.RESOURCE_DELETED, actor=by, data={"resource": resource_id})
