"""Open data operations: the only place that changes the catalog (and writes its Events).

Draft → review → published. Publishing is refused while a resource declared as a standard
dataset has validation errors; the errors are listed row by row in Japanese.

The app's public module: other apps use only the names in `__all__`.
"""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Department, Municipality

from . import conversion, search, standards, tables, tasks
from .dictize import package_dict
from .events import Verb
from .models import (
    ApiToken,
    ConversionJob,
    Dataset,
    DatastoreRow,
    DownloadCount,
    Group,
    Resource,
    SearchEntry,
    Tag,
)
from .validation import validate_table

__all__ = [
    # refusals
    "PublishRefused",
    "InvalidTransition",
    # who may
    "can_edit",
    "can_publish",
    "editable_organizations",
    # datasets
    "create_dataset",
    "update_dataset",
    "submit_for_review",
    "publication_errors",
    "publish",
    "return_to_draft",
    "delete_dataset",
    # resources
    "add_resource",
    "update_resource",
    "delete_resource",
    "validate_resource",
    "read_resource_table",
    "record_download",
    # API tokens
    "issue_api_token",
    "user_for_token",
    # conversion of statistics PDF / Excel
    "start_conversion",
    "publish_conversion",
]

State = Dataset.State
DATASTORE_LIMIT_ROWS = 200_000


class PublishRefused(ValidationError):
    """Publishing refused; `.errors` holds {resource, row, field, message} dicts."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__([e["message"] for e in errors], code="publish_refused")


class InvalidTransition(ValidationError):
    pass


# --- permissions --------------------------------------------------------------------------------


def can_edit(user, organization: Department) -> bool:
    """`user=None` is the system itself (demo loader, tasks)."""
    return user is None or access.can(user, access.DATASET_EDIT, organization)


def can_publish(user, organization: Department) -> bool:
    return user is None or access.can(user, access.DATASET_PUBLISH, organization)


def editable_organizations(user):
    return access.departments_where(user, access.DATASET_EDIT)


def ensure_edit(user, organization: Department) -> None:
    if not can_edit(user, organization):
        raise PermissionDenied(access.DATASET_EDIT.refusal)


# --- datasets -----------------------------------------------------------------------------------

DATASET_FIELDS = {
    "title",
    "title_en",
    "notes",
    "notes_en",
    "license_id",
    "frequency",
    "spatial",
    "temporal_start",
    "temporal_end",
    "contact_name",
    "contact_email",
    "standard_type",
}


def _set_labels(dataset: Dataset, tags=None, groups=None) -> None:
    if tags is not None:
        names = [t.strip() for t in tags if t and t.strip()]
        dataset.tags.set([Tag.objects.get_or_create(name=name[:100])[0] for name in dict.fromkeys(names)])
    if groups is not None:
        dataset.groups.set([g if isinstance(g, Group) else Group.objects.get(name=g) for g in groups if g])


def unique_name(base: str) -> str:
    base = (base or "dataset").lower()[:80].strip("-") or "dataset"
    name, n = base, 1
    while Dataset.objects.filter(name=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def create_dataset(
    *,
    by,
    organization: Department,
    title: str,
    name: str = "",
    tags=None,
    groups=None,
    is_demo=False,
    **fields,
) -> Dataset:
    """データセットを作成する (下書き)."""
    ensure_edit(by, organization)
    unknown = set(fields) - DATASET_FIELDS
    if unknown:
        raise ValidationError(_("不明な項目です: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if not title.strip():
        raise ValidationError({"title": _("タイトルを入力してください。")})
    standard = standards.get(fields.get("standard_type", ""))
    if not name:
        # The standard names a dataset after the installed city's 全国地方公共団体コード.
        city = Municipality.current()
        prefix = f"{city.code}-" if city else ""
        name = unique_name(f"{prefix}{standard.slug}" if standard else f"dataset-{uuid.uuid4().hex[:8]}")
    elif Dataset.objects.filter(name=name).exists():
        raise ValidationError({"name": _("識別名「%(name)s」はすでに使われています。") % {"name": name}})
    dataset = Dataset.objects.create(
        name=name, title=title.strip(), organization=organization, is_demo=is_demo, **fields
    )
    _set_labels(dataset, tags, groups)
    refresh(dataset)
    record_event(dataset, verb=Verb.DATASET_CREATED, actor=by, data={"name": dataset.name})
    return dataset


@transaction.atomic
def update_dataset(dataset: Dataset, *, by, tags=None, groups=None, organization=None, **fields) -> Dataset:
    """データセットの情報を更新する. A published dataset stays published (its history keeps the change)."""
    ensure_edit(by, dataset.organization)
    if organization is not None and organization != dataset.organization:
        ensure_edit(by, organization)
        dataset.organization = organization
    unknown = set(fields) - DATASET_FIELDS
    if unknown:
        raise ValidationError(_("不明な項目です: %(names)s") % {"names": ", ".join(sorted(unknown))})
    changed = sorted(k for k, v in fields.items() if getattr(dataset, k) != v)
    for key, value in fields.items():
        setattr(dataset, key, value)
    dataset.updated_at = timezone.now()
    dataset.save()
    _set_labels(dataset, tags, groups)
    refresh(dataset)
    record_event(dataset, verb=Verb.DATASET_UPDATED, actor=by, data={"fields": changed})
    return dataset


def refresh(dataset: Dataset) -> None:
    """Recompute the 5-star level, the stored package dict and the search row after a change."""
    resources = list(dataset.resources.all())
    validated = any(r.standard_type and r.validation.get("valid") for r in resources)
    dataset.stars = tables.five_stars(resources, validated_standard=validated)
    refresh_index(dataset)


def refresh_index(dataset: Dataset) -> None:
    """What package_search answers from: the stored package dict (kept like CKAN keeps its
    data_dict in Solr) and the search row, which exists only while the dataset is published."""
    dataset.search_doc = package_dict(dataset, "")
    Dataset.objects.filter(pk=dataset.pk).update(stars=dataset.stars, search_doc=dataset.search_doc)
    search.reindex(dataset)


@transaction.atomic
def submit_for_review(dataset: Dataset, *, by) -> Dataset:
    """確認依頼: the draft goes to a reviewer."""
    ensure_edit(by, dataset.organization)
    if dataset.state != State.DRAFT:
        raise InvalidTransition(_("下書きのデータセットだけ確認依頼できます。"))
    dataset.state = State.REVIEW
    dataset.save(update_fields=["state"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.SUBMITTED_FOR_REVIEW, actor=by)
    return dataset


def publication_errors(dataset: Dataset) -> list[dict]:
    errors: list[dict] = []
    resources = list(dataset.resources.all())
    if not resources:
        errors.append(
            {
                "resource": "",
                "row": None,
                "field": "",
                "message": _("リソース（ファイルまたはURL）を1つ以上登録してください。"),
            }
        )
    for resource in resources:
        if resource.standard_type:
            report = resource.validation or validate_resource(resource)
            for error in report.get("errors", []):
                errors.append({"resource": resource.name, **error})
    return errors


def publish(dataset: Dataset, *, by) -> Dataset:
    """公開する. Refused (PublishRefused, nothing changed but the refusal noted in the history)
    while validation errors remain."""
    if not can_publish(by, dataset.organization):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    if dataset.state == State.PUBLISHED:
        return dataset
    if dataset.state == State.DELETED:
        raise InvalidTransition(_("削除されたデータセットは公開できません。"))
    errors = publication_errors(dataset)
    if errors:
        record_event(dataset, verb=Verb.PUBLICATION_REFUSED, actor=by, data={"errors": len(errors)})
        raise PublishRefused(errors)
    with transaction.atomic():
        return _mark_published(dataset, by=by)


def _mark_published(dataset: Dataset, *, by) -> Dataset:
    now = timezone.now()
    dataset.state = State.PUBLISHED
    dataset.published_at = dataset.published_at or now
    dataset.updated_at = now
    dataset.save(update_fields=["state", "published_at", "updated_at"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.PUBLISHED, actor=by)
    return dataset


@transaction.atomic
def return_to_draft(dataset: Dataset, *, by, reason: str = "") -> Dataset:
    """差し戻し / 公開停止: back to draft, with the reason in the history."""
    if not can_publish(by, dataset.organization):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    if dataset.state not in {State.REVIEW, State.PUBLISHED}:
        raise InvalidTransition(_("確認待ちか公開中のデータセットだけ差し戻せます。"))
    dataset.state = State.DRAFT
    dataset.save(update_fields=["state"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.RETURNED_TO_DRAFT, actor=by, data={"reason": reason[:500]})
    return dataset


@transaction.atomic
def delete_dataset(dataset: Dataset, *, by) -> Dataset:
    if not can_publish(by, dataset.organization):
        raise PermissionDenied(access.DATASET_PUBLISH.refusal)
    dataset.state = State.DELETED
    dataset.save(update_fields=["state"])
    refresh_index(dataset)
    record_event(dataset, verb=Verb.DATASET_DELETED, actor=by)
    return dataset


# --- resources ----------------------------------------------------------------------------------


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
    by,
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
    resource: Resource, *, by, content: bytes | None = None, filename: str = "", **fields
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
def delete_resource(resource: Resource, *, by) -> None:
    ensure_edit(by, resource.dataset.organization)
    dataset = resource.dataset
    resource_id = str(resource.id)
    resource.delete()
    refresh(dataset)
    record_event(dataset, verb=Verb.RESOURCE_DELETED, actor=by, data={"resource": resource_id})


def record_download(resource: Resource) -> None:
    """Count a download (per resource, and per dataset and day for the PDCA figure)."""
    Resource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)
    Dataset.objects.filter(pk=resource.dataset_id).update(downloads=F("downloads") + 1)
    SearchEntry.objects.filter(dataset_id=resource.dataset_id).update(downloads=F("downloads") + 1)
    day = timezone.localdate()
    counter, _created = DownloadCount.objects.get_or_create(dataset_id=resource.dataset_id, day=day)
    DownloadCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)


# --- API tokens ---------------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(user, *, name: str) -> str:
    """Issue a staff API token; the token itself is shown once and only its digest kept."""
    if not user.is_staff:
        raise PermissionDenied(_("APIトークンは職員だけが発行できます。"))
    token = "mdg_" + secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(user=user, name=name or "CKAN API", digest=ApiToken.digest_of(token))
    record_event(api_token, verb=Verb.API_TOKEN_ISSUED, actor=user, data={"name": api_token.name})
    return token


def user_for_token(token: str):
    if not token:
        return None
    api_token = (
        ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token.strip())).first()
    )
    if api_token is None or not api_token.user.is_active or not api_token.user.is_staff:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token.user


# --- conversion (PDF / Excel → CSV) -------------------------------------------------------------

CONVERTIBLE = (".pdf", ".xlsx", ".xlsm")


@transaction.atomic
def start_conversion(*, by, content: bytes, filename: str, dataset: Dataset | None = None):
    """統計表の変換を始める: store the upload and queue the Celery task after commit."""
    if not by or not by.is_staff:
        raise PermissionDenied(_("変換は職員だけが行えます。"))
    if dataset is not None:
        ensure_edit(by, dataset.organization)
    if not filename.lower().endswith(CONVERTIBLE):
        raise ValidationError(_("PDFまたはExcel（.xlsx）ファイルを選んでください。"))
    job = ConversionJob(original_name=filename[:200], dataset=dataset, created_by=by)
    job.source.save(filename, ContentFile(content), save=False)
    job.save()
    record_event(job, verb=Verb.CONVERSION_STARTED, actor=by, data={"file": job.original_name})
    transaction.on_commit(lambda: tasks.convert_upload.delay(job.pk))
    return job


def run_conversion(job_id: int) -> None:
    """The task body: idempotent (a redelivered task on a finished job does nothing)."""
    job = ConversionJob.objects.get(pk=job_id)
    if job.state in {ConversionJob.State.DONE, ConversionJob.State.PUBLISHED}:
        return
    ConversionJob.objects.filter(pk=job.pk).update(state=ConversionJob.State.RUNNING, progress=5)

    def progress(percent: int) -> None:
        ConversionJob.objects.filter(pk=job.pk).update(progress=max(5, min(percent, 95)))

    try:
        with job.source.open("rb") as handle:
            data = handle.read()
        found = conversion.extract(data, job.original_name, progress)
    except Exception as error:  # a broken file is the user's problem, not a crash: keep the reason
        ConversionJob.objects.filter(pk=job.pk).update(
            state=ConversionJob.State.FAILED, progress=100, error=str(error)[:2000]
        )
        return
    if not found:
        ConversionJob.objects.filter(pk=job.pk).update(
            state=ConversionJob.State.FAILED,
            progress=100,
            error=_("表が見つかりませんでした。罫線のある表か確認してください。"),
        )
        return
    first = found[0]
    ConversionJob.objects.filter(pk=job.pk).update(
        state=ConversionJob.State.DONE,
        progress=100,
        tables=[t.as_dict() for t in found],
        notes=first.notes,
        csv_text=tables.write_csv(first.header, first.rows),
    )


@transaction.atomic
def publish_conversion(job, *, by, dataset: Dataset, csv_text: str, name: str = "") -> Resource:
    """変換結果を登録する: the reviewed CSV becomes a resource of the dataset."""
    ensure_edit(by, dataset.organization)
    if job.state not in {ConversionJob.State.DONE, ConversionJob.State.PUBLISHED}:
        raise InvalidTransition(_("変換が終わっていません。"))
    base = job.original_name.rsplit(".", 1)[0]
    resource = add_resource(
        dataset,
        by=by,
        name=name or f"{base}（CSV）",
        content=csv_text.encode("utf-8"),
        filename=f"{base}.csv",
        format="CSV",
        description=_("%(file)s から変換") % {"file": job.original_name},
    )
    job.state, job.dataset, job.csv_text = ConversionJob.State.PUBLISHED, dataset, csv_text
    job.save(update_fields=["state", "dataset", "csv_text"])
    record_event(job, verb=Verb.CONVERSION_PUBLISHED, actor=by, data={"resource": str(resource.id)})
    return resource
