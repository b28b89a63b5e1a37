"""スキャンの取込み: upload a scanner's output, read it page by page in a Celery task that can be
resumed after a worker dies (a page is read in one transaction; pages already read are skipped).

Bad input is refused at upload with a message and nothing stored (oversize, too many pages, a
PDF with a text layer only, a file that is no image); bad pages inside a good file (blank, another
form, a retired or unknown form version, unreadable) are set aside with the reason."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event

from .. import engines, imaging
from .. import layout as layouts
from ..events import Verb
from ..models import FieldReading, FormTemplate, PaperForm, ScanBatch, ScanPage

EXTENSIONS = (".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png")
STUCK_AFTER = timedelta(minutes=10)
MIN_SIDE_PX = 500  # an A5 page at 100 dpi: anything smaller is no scan of a form


def max_bytes() -> int:
    return int(getattr(settings, "MADOGUCHI_PAPER_MAX_MB", 100)) * 1024 * 1024


def max_pages() -> int:
    return int(getattr(settings, "MADOGUCHI_PAPER_MAX_PAGES", 200))


def batches_for(user) -> QuerySet[ScanBatch]:
    departments = access.departments_where(user, access.PAPER_INTAKE)
    return ScanBatch.objects.filter(department__in=departments).select_related("department")


def access_batch(user, pk) -> ScanBatch:
    return access.load(ScanBatch.objects.select_related("department"), user, access.PAPER_INTAKE, pk=pk)


def access_page(user, pk) -> ScanPage:
    return access.load(
        ScanPage.objects.select_related("batch"),
        user,
        access.PAPER_INTAKE,
        department=lambda page: page.batch.department_id,
        pk=pk,
    )


def count_pages(data: bytes, filename: str) -> int:
    """Pages in the file, without rasterising it (the limits are checked before anything is stored)."""
    name = filename.lower()
    try:
        if name.endswith(".pdf"):
            import pypdfium2

            document = pypdfium2.PdfDocument(data)
            try:
                return len(document)
            finally:
                document.close()
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            return int(getattr(image, "n_frames", 1))
    except Exception:  # any parser's error means the same to staff: not a scan we can read
        raise ValidationError(
            {
                "upload": [
                    _("ファイルを読み取れません。スキャナーで保存したPDF・TIFF・JPEG・PNGを選んでください。")
                ]
            }
        ) from None


SCAN_TYPES = {"application/pdf", "image/tiff", "image/jpeg", "image/png"}


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        {
            "upload": [
                _("ファイルが大きすぎます（%(size)sMB）。%(limit)sMBまでに分けて取り込んでください。")
                % {"size": round(size / 1024 / 1024, 1), "limit": max_bytes() // 1024 // 1024}
            ]
        }
    )


def check_upload(data: bytes, filename: str) -> int:
    """The upload's page count, or ValidationError keyed `upload` with what to do."""
    import magic

    if not data:
        raise ValidationError({"upload": [_("ファイルが空です。")]})
    if len(data) > max_bytes():
        raise _too_large(len(data))
    if magic.from_buffer(data[:8192], mime=True) not in SCAN_TYPES:  # the content, not the name
        raise ValidationError(
            {
                "upload": [
                    _("ファイルを読み取れません。スキャナーで保存したPDF・TIFF・JPEG・PNGを選んでください。")
                ]
            }
        )
    if not filename.lower().endswith(EXTENSIONS):
        raise ValidationError({"upload": [_("PDF・TIFF・JPEG・PNGのファイルを選んでください。")]})
    pages = count_pages(data, filename)
    if pages == 0:
        raise ValidationError({"upload": [_("ページがありません。")]})
    if pages > max_pages():
        raise ValidationError(
            {
                "upload": [
                    _("ページが多すぎます（%(pages)sページ）。1回に%(limit)sページまでにしてください。")
                    % {"pages": pages, "limit": max_pages()}
                ]
            }
        )
    try:  # a PDF made on a computer (text only) is not a scan: say so now, not in the task
        first = next(iter(imaging.load_pages(data, filename)))
    except imaging.BadScan as error:
        raise ValidationError({"upload": [str(error)]}) from None
    except StopIteration:
        raise ValidationError({"upload": [_("ページがありません。")]}) from None
    if min(first.shape[:2]) < MIN_SIDE_PX:
        raise ValidationError(
            {
                "upload": [
                    _("画像が小さすぎて読み取れません。200dpi以上でスキャンしたファイルを選んでください。")
                ]
            }
        )
    return pages


def upload_batch(department, *, by, upload, template: FormTemplate | None = None) -> ScanBatch:
    """スキャンを取り込む: check, store, and queue the reading after commit."""
    from .. import tasks

    access.require(by, access.PAPER_INTAKE, department)
    if template is not None and (template.department_id != department.pk or not template.is_active):
        raise ValidationError({"template": [_("この部署で使用中の様式を選んでください。")]})
    name = (getattr(upload, "name", "") or "scan").replace("\\", "/").rsplit("/", 1)[-1][:200] or "scan"
    if (getattr(upload, "size", 0) or 0) > max_bytes():  # refused before reading it into memory
        raise _too_large(upload.size)
    upload.seek(0)
    data = upload.read()
    pages = check_upload(data, name)
    with transaction.atomic():
        batch = ScanBatch(
            department=department,
            template=template,
            original_name=name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            pages_total=pages,
            uploaded_by=by,
        )
        batch.upload.save(name, ContentFile(data), save=False)
        batch.save()
        record_event(batch, verb=Verb.BATCH_UPLOADED, actor=by, data={"pages": pages, "size": len(data)})
        transaction.on_commit(lambda: tasks.process_batch.delay(batch.pk))
    return batch


def _png(image) -> bytes:
    import cv2

    ok, encoded = cv2.imencode(".png", image)
    if not ok:  # pragma: no cover - OpenCV encodes any 8-bit image
        raise ValueError("png")
    return encoded.tobytes()


def _form_code(text: str | None) -> tuple[str, int] | None:
    """imaging's PageScan.form_code ("tenshutsu:3") → (procedure code, version number)."""
    code, _sep, number = (text or "").rpartition(":")
    return (code, int(number)) if code and number.isdigit() else None


def _template_for(batch: ScanBatch, index: int, scan) -> tuple[FormTemplate | None, int | None, str, str]:
    """(template, page of the form, issue, detail) for one prepared page."""
    if batch.template is not None:  # the city's own form: no code on the page, the batch says which
        pages = int(batch.template.layout.get("pages") or 1)
        return batch.template, index % pages + 1, "", ""
    parsed = _form_code(scan.form_code)
    if parsed is None:
        return None, None, ScanPage.Issue.OTHER_FORM, ""
    code, number = parsed
    page = scan.page
    found = FormTemplate.objects.filter(
        source=FormTemplate.Source.GENERATED,
        procedure_version__procedure__code=code,
        procedure_version__number=number,
    ).order_by("state", "-pk")  # "active" sorts before "retired"
    template = found.first()
    detail = f"{code} v{number}"
    if template is None:
        return None, None, ScanPage.Issue.UNKNOWN_VERSION, detail
    if not template.is_active:
        return None, None, ScanPage.Issue.RETIRED_VERSION, detail
    if template.department_id != batch.department_id:
        return None, None, ScanPage.Issue.OTHER_FORM, _("他の部署の様式です: %(code)s") % {"code": detail}
    return template, page or 1, "", ""


def _form_for(batch: ScanBatch, index: int, template: FormTemplate, form_page: int) -> PaperForm | None:
    """Page 1 starts a form; a later page continues the form of the page before it."""
    if form_page == 1:
        return PaperForm.objects.create(batch=batch, template=template, department_id=batch.department_id)
    before = (
        ScanPage.objects.filter(batch=batch, index=index - 1, form__isnull=False)
        .select_related("form")
        .first()
    )
    if before and before.template_id == template.pk and before.form_page == form_page - 1:
        return before.form
    return None


def _drawn_pages(batch: ScanBatch) -> list:
    """The city's own form as page images, to register its scans (no marks printed on it)."""
    drawn = batch.template
    if drawn is None or not drawn.original:
        return []
    with drawn.original.open("rb") as handle:
        data = handle.read()
    return list(imaging.load_pages(data, drawn.original.name))


@dataclass
class _Reading:
    """One page analysed and read, before anything is written (the OCR runs outside the
    transaction, so a long page never holds the database)."""

    scan: imaging.PageScan | None = None
    error: str = ""
    template: FormTemplate | None = None
    form_page: int | None = None
    issue: str = ""
    detail: str = ""
    fields: list = field(default_factory=list)  # (zone, crop, Reading)


def _analyse(batch: ScanBatch, index: int, image, drawn: list) -> _Reading:
    try:
        reference = drawn[index % len(drawn)] if drawn else None
        scan = imaging.prepare_page(image, template=reference)
    except Exception as error:  # one bad page must not stop the batch: set it aside with the reason
        return _Reading(error=str(error)[:300], issue=ScanPage.Issue.UNREADABLE)
    if scan.blank:
        return _Reading(scan=scan, issue=ScanPage.Issue.BLANK)
    template, form_page, issue, detail = _template_for(batch, index, scan)
    result = _Reading(scan=scan, template=template, form_page=form_page, issue=issue, detail=detail)
    if template is None or form_page is None:
        return result
    zones = [
        zone
        for zone in layouts.Layout.from_json(template.layout).zones
        if zone.page == form_page and not zone.key.startswith("_")
    ]
    crops = [imaging.crop(scan, zone) for zone in zones]
    readings = engines.read_fields([(crop, zone.kind) for crop, zone in zip(crops, zones, strict=True)])
    result.fields = list(zip(zones, crops, readings, strict=True))
    return result


def _store_page(batch: ScanBatch, index: int, result: _Reading) -> ScanPage:
    """Write one analysed page (inside the caller's transaction)."""
    page = ScanPage(batch=batch, index=index, issue=result.issue, detail=result.detail or result.error)
    if result.scan is not None:
        page.rotated, page.skew = result.scan.rotated, result.scan.skew
        page.image.save(f"b{batch.pk}-p{index + 1}.png", ContentFile(_png(result.scan.image)), save=False)
    if result.issue or result.template is None or result.form_page is None:
        page.save()
        return page
    page.template, page.form_page = result.template, result.form_page
    page.form = _form_for(batch, index, result.template, result.form_page)
    if page.form is None:
        page.issue = ScanPage.Issue.ORPHAN
        page.save()
        return page
    page.save()
    for zone, crop, reading in result.fields:
        item = FieldReading(
            form=page.form,
            page=page,
            key=zone.key,
            label=zone.label[:200],
            kind=str(zone.kind),
            read_value=reading.value,
            confidence=max(0.0, min(1.0, float(reading.confidence))),
        )
        item.crop.save(f"f{page.pk}-{zone.key}.png", ContentFile(_png(crop)), save=False)
        item.save()
    return page


def _beat(batch: ScanBatch) -> None:
    done = ScanPage.objects.filter(batch=batch).count()
    ScanBatch.objects.filter(pk=batch.pk).update(pages_done=done, heartbeat_at=timezone.now())


def run_batch(batch_id: int) -> ScanBatch:
    """The task body: read every page not read yet. Safe to run twice or after a dead worker."""
    batch = ScanBatch.objects.select_related("template").get(pk=batch_id)
    if batch.state == ScanBatch.State.DONE:
        return batch
    now = timezone.now()
    ScanBatch.objects.filter(pk=batch.pk).update(
        state=ScanBatch.State.RUNNING,
        started_at=batch.started_at or now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if batch.state == ScanBatch.State.QUEUED:
        record_event(batch, verb=Verb.BATCH_STARTED, data={"pages": batch.pages_total})
    done = set(ScanPage.objects.filter(batch=batch).values_list("index", flat=True))
    try:
        with batch.upload.open("rb") as handle:
            data = handle.read()
        drawn = _drawn_pages(batch)
        for index, image in enumerate(imaging.load_pages(data, batch.original_name)):
            if index in done:
                continue
            result = _analyse(batch, index, image, drawn)
            try:
                with transaction.atomic():
                    page = _store_page(batch, index, result)
                    if page.issue:
                        record_event(
                            page, verb=Verb.PAGE_SET_ASIDE, data={"index": index, "issue": page.issue}
                        )
            except IntegrityError:  # another worker read this page meanwhile
                pass
            _beat(batch)
    except Exception as error:
        message = (
            str(error)
            if isinstance(error, imaging.BadScan)
            else _("読取り中にエラーが発生しました: %(e)s") % {"e": error}
        )
        ScanBatch.objects.filter(pk=batch.pk).update(
            state=ScanBatch.State.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        record_event(batch, verb=Verb.BATCH_FAILED, data={"error": message[:300]})
        batch.refresh_from_db()
        return batch
    _beat(batch)
    ScanBatch.objects.filter(pk=batch.pk).update(
        state=ScanBatch.State.DONE, finished_at=timezone.now(), error=""
    )
    batch.refresh_from_db()
    record_event(
        batch,
        verb=Verb.BATCH_DONE,
        data={
            "pages": batch.pages_done,
            "forms": batch.forms.count(),
            "set_aside": batch.pages.exclude(issue="").count(),
        },
    )
    return batch


def stuck_batches(*, older_than: timedelta = STUCK_AFTER) -> QuerySet[ScanBatch]:
    """Queued or running batches with no sign of a worker for `older_than` (a worker died)."""
    cutoff = timezone.now() - older_than
    return ScanBatch.objects.filter(state__in=[ScanBatch.State.QUEUED, ScanBatch.State.RUNNING]).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )


def is_stuck(batch: ScanBatch) -> bool:
    return stuck_batches().filter(pk=batch.pk).exists()


def _requeue(batch: ScanBatch, by) -> None:
    from .. import tasks

    ScanBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())
    record_event(batch, verb=Verb.BATCH_RESUMED, actor=by, data={"pages_done": batch.pages_done})
    transaction.on_commit(lambda: tasks.process_batch.delay(batch.pk))


@transaction.atomic
def resume_batch(batch: ScanBatch, *, by) -> ScanBatch:
    """再開: staff re-queue a batch whose worker died; pages already read are kept."""
    access.require(by, access.PAPER_INTAKE, batch.department_id)
    if not is_stuck(batch):
        raise ValidationError(_("この取込みは止まっていません（完了したか、読取り中です）。"))
    _requeue(batch, by)
    return batch


def resume_stuck_batches(older_than_minutes: int = 10) -> int:
    """`madoguchi paper resume` / a periodic check: re-queue every stuck batch; returns how many."""
    count = 0
    for batch in stuck_batches(older_than=timedelta(minutes=older_than_minutes)):
        with transaction.atomic():
            _requeue(batch, None)
        count += 1
    return count


def page_issues(batch: ScanBatch) -> QuerySet[ScanPage]:
    return batch.pages.exclude(issue="").order_by("index")
