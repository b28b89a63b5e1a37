"""Applications from the national portal (マイナポータル・ぴったりサービス).

An intake adapter reads what the portal delivered (`PortalApplication`s); the importer takes each
one in once (the portal's 申請番号), maps its fields to our form through the editable mapping
(`FieldMapping`, seeded from data/portal_mappings.json), finds the applicant through the resident
registry (`core.residents`) and submits it through the applications app with channel `portal`, so
it lands in the department's inbox. What does not map — a field, an attachment, the procedure, the
applicant, content the form rejects — goes to the review list; nothing is dropped.

The national archive format is not public: the assumption is in docs/interop.md."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.applications import services as applications
from madoguchi.core import access, residents
from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, Department
from madoguchi.procedures import services as procedures

from ..models import (
    FieldMapping,
    PortalArchive,
    PortalAttachment,
    PortalProcedure,
    PortalSubmission,
    ReviewItem,
)
from .portal import (
    IntakeAdapter,
    PortalApplication,
    current_adapter,
)

logger = logging.getLogger(__name__)
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "portal_mappings.json"
ATTACHMENT_PREFIX = "添付:"  # a mapping row for an attachment kind: 添付:<portal kind> → attachment:<kind>
APPLICANT_KANA = "applicant.kana"  # mapping targets used to find the applicant in the registry
APPLICANT_BIRTH_DATE = "applicant.birth_date"


# --- the mapping (editable data) -----------------------------------------------------------------


def seed_mappings() -> int:
    """Load data/portal_mappings.json: the procedures and fields not yet known (staff edits stay)."""
    added = 0
    for entry in json.loads(DATA_FILE.read_text(encoding="utf-8")):
        procedure, _created = PortalProcedure.objects.get_or_create(
            portal_code=entry["portal_code"],
            defaults={"portal_name": entry.get("portal_name", ""), "procedure_code": entry["procedure"]},
        )
        for portal_field, target in entry["fields"].items():
            _row, created = FieldMapping.objects.get_or_create(
                procedure=procedure, portal_field=portal_field, defaults={"target": target}
            )
            added += created
    return added


def _set_path(data: dict, path: str, value) -> None:
    """Put `value` at a dotted path; a number is a list index (status.list.0.full_name)."""
    parts = path.split(".")
    target: dict | list = data
    for part, following in zip(parts, parts[1:], strict=False):
        empty: dict | list = [] if following.isdigit() else {}
        if isinstance(target, list):
            index = int(part) if part.isdigit() else 0
            while len(target) <= index:
                target.append(None)
            if not isinstance(target[index], dict | list):
                target[index] = empty
            target = target[index]
        else:
            if not isinstance(target.get(part), dict | list):
                target[part] = empty
            target = target[part]
    last = parts[-1]
    if isinstance(target, list):
        index = int(last) if last.isdigit() else 0
        while len(target) <= index:
            target.append(None)
        target[index] = value
    else:
        target[last] = value


def _spec(schema: dict, path: str) -> dict:
    spec = schema
    for part in path.split("."):
        children = {"items": spec.get("items")} if part.isdigit() else spec.get("properties") or {}
        spec = children.get("items" if part.isdigit() else part) or {}
    return spec


TRUE_WORDS = {"true", "1", "はい", "有", "あり", "同意する", "同意します", "○", "yes"}


def _coerce(schema: dict, path: str, value: str):
    kind = _spec(schema, path).get("type")
    if kind == "boolean":
        return value.strip().lower() in TRUE_WORDS
    if kind in ("integer", "number"):
        try:
            return int(value) if kind == "integer" else float(value)
        except ValueError:
            return value  # the form's validation names the field
    if _spec(schema, path).get("format") == "date":
        return value.replace("/", "-")
    return value


# --- taking an archive in ------------------------------------------------------------------------


@dataclass
class ImportResult:
    archive: PortalArchive
    created: list[PortalSubmission]
    repeated: int

    @property
    def to_review(self) -> int:
        return sum(1 for s in self.created if s.review_items.filter(resolved_at__isnull=True).exists())


def _intake_department() -> Department | None:
    code = getattr(settings, "MADOGUCHI_PORTAL_INTAKE_DEPARTMENT", "shimin")
    return Department.objects.filter(code=code).first()


def import_archive(
    name: str, content: bytes, *, by=None, adapter: IntakeAdapter | None = None
) -> ImportResult:
    """Take in one delivered archive: every portal application once (re-import creates none)."""
    if by is not None:
        access.require_anywhere(by, access.INTEROP_INTAKE)
    adapter = adapter or current_adapter()
    portal_applications = adapter.read(name, content)
    archive = PortalArchive.objects.create(
        name=name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        adapter=adapter.code,
        imported_by=by if by is not None and by.is_authenticated else None,
    )
    created, repeated = [], 0
    for item in portal_applications:
        if PortalSubmission.objects.filter(portal_number=item.number).exists():
            repeated += 1
            continue
        submission = _store(archive, item)
        if submission is None:
            repeated += 1
            continue
        try:
            with transaction.atomic():
                process_submission(submission, by=by)
        except Exception as error:  # kept and listed, never lost: staff see it and retry
            logger.exception("portal application %s could not be processed", submission.pk)
            _review(
                submission,
                ReviewItem.Kind.INVALID,
                message=_("取込み中にエラーが起きました（%(error)s）。「再処理」を試してください。")
                % {"error": type(error).__name__},
            )
        created.append(submission)
    archive.created = sum(1 for s in created if s.state == PortalSubmission.State.ACCEPTED)
    archive.repeated = repeated
    result = ImportResult(archive=archive, created=created, repeated=repeated)
    archive.to_review = result.to_review
    archive.save(update_fields=["created", "repeated", "to_review"])
    record_event(
        archive,
        verb="portal_archive_imported",
        actor=by if by is not None and by.is_authenticated else None,
        channel=Channel.PORTAL,
        data={"received": len(created), "accepted": archive.created, "repeated": repeated},
    )
    return result


def _department_for(portal_code: str) -> Department | None:
    """The division of the mapped procedure; else the intake desk's (settings)."""
    row = PortalProcedure.objects.filter(portal_code=portal_code).first()
    procedure = procedures.get_procedure_by_code(row.procedure_code) if row else None
    return procedure.department if procedure is not None else _intake_department()


def _store(archive: PortalArchive, item: PortalApplication) -> PortalSubmission | None:
    from django.db import IntegrityError

    try:
        with transaction.atomic():
            submission = PortalSubmission.objects.create(
                portal_number=item.number[:60],
                portal_code=item.portal_code[:60],
                archive=archive,
                submitted_at=item.submitted_at,
                fields=item.fields,
                department=_department_for(item.portal_code),
            )
    except IntegrityError:
        return None  # taken in concurrently
    for portal_file in item.files:
        attachment = PortalAttachment(
            submission=submission, portal_kind=portal_file.portal_kind[:200], name=portal_file.name[:200]
        )
        attachment.file.save(portal_file.name or "file", ContentFile(portal_file.content), save=False)
        attachment.save()
    return submission


def _review(submission: PortalSubmission, kind: str, *, portal_field: str = "", value="", message="") -> None:
    ReviewItem.objects.create(
        submission=submission,
        kind=kind,
        portal_field=portal_field[:200],
        value=str(value)[:5000],
        message=str(message)[:5000],
    )


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "\n".join(f"{key}: {' '.join(map(str, values))}" for key, values in error.message_dict.items())
    return " ".join(str(m) for m in error.messages)


def process_submission(submission: PortalSubmission, *, by=None) -> PortalSubmission:
    """Map, find the applicant, submit. Whatever does not map becomes a review item."""
    K = ReviewItem.Kind
    mapping_row = PortalProcedure.objects.filter(portal_code=submission.portal_code).first()
    procedure = procedures.published_procedure(mapping_row.procedure_code) if mapping_row else None
    if mapping_row is None or procedure is None or procedure.current_version is None:
        _review(
            submission,
            K.UNKNOWN_PROCEDURE,
            value=submission.portal_code,
            message=_("ぴったりサービスの手続「%(code)s」に対応する手続がありません。")
            % {"code": submission.portal_code},
        )
        return submission
    submission.department = procedure.department
    submission.save(update_fields=["department"])
    schema = procedure.current_version.schema
    targets = {row.portal_field: row.target for row in mapping_row.fields.all()}
    data: dict = {}
    kana = birth = ""
    for portal_field, value in submission.fields.items():
        if portal_field not in targets:
            _review(
                submission,
                K.UNMAPPED_FIELD,
                portal_field=portal_field,
                value=value,
                message=_("この項目は対応付けがないため、申請の内容に入っていません。"),
            )
            continue
        for target in [t.strip() for t in targets[portal_field].split(",") if t.strip()]:
            if target == APPLICANT_KANA:
                kana = value
            elif target == APPLICANT_BIRTH_DATE:
                birth = value.replace("/", "-")
            elif value != "" and not target.startswith("attachment:"):
                _set_path(data, target, _coerce(schema, target, value))
    files = []
    for attachment in submission.attachments.all():
        target = targets.get(ATTACHMENT_PREFIX + attachment.portal_kind, "")
        if not target.startswith("attachment:"):
            _review(
                submission,
                K.ATTACHMENT,
                portal_field=ATTACHMENT_PREFIX + attachment.portal_kind,
                value=attachment.name,
                message=_(
                    "添付書類の種類に対応付けがないため、申請に添付していません（ファイルは保管しています）。"
                ),
            )
            continue
        with attachment.file.open("rb") as handle:
            files.append((target.split(":", 1)[1], SimpleUploadedFile(attachment.name, handle.read())))
    applicant = _applicant(kana, birth)
    if applicant is None:
        _review(
            submission,
            K.NO_APPLICANT,
            value=f"{kana} {birth}".strip(),
            message=_("申請者（フリガナ・生年月日）に一致する住民が一人に決まりません。"),
        )
        return submission
    try:
        application = applications.submit_application(
            procedure,
            applicant=applicant,
            data=data,
            channel=Channel.PORTAL,
            by=by,
            idempotency_key=f"portal:{submission.portal_number}"[:64],
            attachments=files,
            received_at=submission.submitted_at,
        )
    except ValidationError as error:
        _review(submission, K.INVALID, message=_messages(error))
        return submission
    submission.application = application
    submission.state = PortalSubmission.State.ACCEPTED
    submission.save(update_fields=["application", "state"])
    return submission


def _applicant(kana: str, birth: str):
    if not kana or not birth:
        return None
    try:
        day = datetime.date.fromisoformat(birth)
    except ValueError:
        return None
    found = residents.find(name_kana=kana, birth_date=day, limit=2)
    return found[0] if len(found) == 1 else None


def import_inbox(*, by=None, inbox: Path | None = None) -> list[ImportResult]:
    """Every archive waiting in the inbox folder (MADOGUCHI_PORTAL_INBOX), each moved to done/."""
    inbox = Path(inbox or portal_inbox())
    results: list[ImportResult] = []
    if not inbox.is_dir():
        return results
    done = inbox / "done"
    for path in sorted(inbox.glob("*.zip")):
        results.append(import_archive(path.name, path.read_bytes(), by=by))
        done.mkdir(exist_ok=True)
        path.replace(done / path.name)
    return results


def portal_inbox() -> Path:
    return Path(
        getattr(settings, "MADOGUCHI_PORTAL_INBOX", "") or Path(settings.VAR_DIR) / "interop" / "portal-inbox"
    )


# --- the review list -----------------------------------------------------------------------------


def review_items_for(user):
    """The open review items of the departments where `user` takes portal applications in."""
    departments = access.departments_where(user, access.INTEROP_INTAKE)
    where = Q(submission__department__in=departments)
    if access.can_anywhere(user, access.INTEROP_INTAKE):  # no division could be told: every intake desk
        where |= Q(submission__department__isnull=True)
    return (
        ReviewItem.objects.filter(where, resolved_at__isnull=True)
        .select_related("submission", "submission__department", "submission__application")
        .order_by("submission__created_at", "pk")
    )


def _require_for(user, submission: PortalSubmission) -> None:
    """The division of the application; one no division could be told for, any intake desk."""
    if submission.department_id is None:
        access.require_anywhere(user, access.INTEROP_INTAKE)
    else:
        access.require(user, access.INTEROP_INTAKE, submission.department_id)


@transaction.atomic
def resolve_review_item(item_or_pk, *, by, resolution: str = "") -> ReviewItem:
    """確認済み: staff have dealt with the item (copied the value into the case, asked the resident…)."""
    item = item_or_pk if isinstance(item_or_pk, ReviewItem) else ReviewItem.objects.get(pk=item_or_pk)
    _require_for(by, item.submission)
    if item.resolved_at is None:
        item.resolved_at = timezone.now()
        item.resolved_by = by
        item.resolution = (resolution or _("確認済み"))[:200]
        item.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        record_event(item.submission, verb="portal_review_resolved", actor=by, data={"kind": item.kind})
    return item


def retry_submission(submission_or_pk, *, by) -> PortalSubmission:
    """再処理: after the mapping (or the register) was corrected, try a waiting application again."""
    submission = (
        submission_or_pk
        if isinstance(submission_or_pk, PortalSubmission)
        else PortalSubmission.objects.filter(pk=submission_or_pk).first()
    )
    if submission is None:
        from django.http import Http404

        raise Http404
    _require_for(by, submission)
    if submission.state != PortalSubmission.State.REVIEW or submission.application_id:
        return submission
    with transaction.atomic():
        submission.review_items.filter(resolved_at__isnull=True).delete()
        process_submission(submission, by=by)
        record_event(submission, verb="portal_submission_retried", actor=by, data={"state": submission.state})
    return submission


def mapping_rows():
    return PortalProcedure.objects.prefetch_related("fields").order_by("portal_code")


@transaction.atomic
def set_mapping(portal_code: str, portal_field: str, target: str, *, by) -> FieldMapping:
    """Staff edit one mapping row (the mapping is data: no code changes for a new portal field)."""
    access.require_anywhere(by, access.INTEROP_INTAKE)
    procedure = PortalProcedure.objects.filter(portal_code=portal_code).first()
    if procedure is None:
        raise ValidationError(_("ぴったりサービスの手続IDが登録されていません。"))
    row, _created = FieldMapping.objects.update_or_create(
        procedure=procedure,
        portal_field=portal_field.strip()[:200],
        defaults={"target": target.strip()[:200]},
    )
    record_event(row, verb="portal_mapping_set", actor=by, data={"portal_code": portal_code})
    return row
