"""Statistics tables published as PDF or Excel, converted to CSV by a Celery task, reviewed by
staff and added to a dataset."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event
from madoguchi.core.models import User

from .. import conversion, tables, tasks
from ..events import Verb
from ..models import ConversionJob, Dataset, Resource
from .common import InvalidTransition, ensure_edit
from .resources import add_resource

CONVERTIBLE = (".pdf", ".xlsx", ".xlsm")


@transaction.atomic
def start_conversion(*, by: User | None, content: bytes, filename: str, dataset: Dataset | None = None):
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
def publish_conversion(job, *, by: User | None, dataset: Dataset, csv_text: str, name: str = "") -> Resource:
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
