"""庁内の会議: the meeting record (agenda, mode, the link to the city's meeting tool, paper), its
document pack (versions, who opened what), and the two rates the plan reads from them:
オンライン会議の利用率 and 会議のペーパーレス化率, per department and 年度."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
from madoguchi.core.models import Department

from ..events import Verb
from ..models import ONLINE_MODES, DocumentOpen, DocumentVersion, Meeting, Mode, PackDocument

if TYPE_CHECKING:
    from madoguchi.core.models import User

# The city's own meeting tool (a Jitsi-style server): a meeting links it by URL, nothing else.
DEFAULT_MEETING_TOOL_URLS = ["https://meet.kokubunji.example/"]
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def meeting_tool_urls() -> list[str]:
    return list(getattr(settings, "MADOGUCHI_MEETING_TOOL_URLS", DEFAULT_MEETING_TOOL_URLS))


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _check(by, department_id: int | None) -> None:
    if by is not None:
        access.require(by, access.WORKSTYLE_MANAGE, department_id)


def check_meeting_link(mode: str, url: str) -> list[str]:
    """The errors of a meeting tool link for `mode`: required online, absent in person, and only
    on the city's meeting tool (a link to anything else would send staff off the LGWAN)."""
    url = (url or "").strip()
    if mode == Mode.IN_PERSON:
        return [_("対面のみの会議には会議ツールのURLを入力しないでください。")] if url else []
    if not url:
        return [_("オンライン・ハイブリッドの会議には、会議ツールのURLを入力してください。")]
    parts = urlsplit(url)
    allowed = meeting_tool_urls()
    if parts.scheme != "https" or not any(url.startswith(prefix) for prefix in allowed):
        return [
            _("会議ツールのURLは、市の会議ツール（%(tools)s）のURLを入力してください。")
            % {"tools": "、".join(allowed)}
        ]
    return []


def _meeting_errors(
    *,
    title: str,
    agenda: str,
    held_at: datetime | None,
    mode: str,
    meeting_url: str,
    paper_printed,
    printed_pages,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("会議名を入力してください。")]
    if not (agenda or "").strip():
        errors["agenda"] = [_("議題を入力してください。")]
    if held_at is None:
        errors["held_at"] = [_("開催日時を入力してください。")]
    if mode not in Mode.values:
        errors["mode"] = [_("開催方法（対面・オンライン・ハイブリッド）を選んでください。")]
    elif link_errors := check_meeting_link(mode, meeting_url):
        errors["meeting_url"] = link_errors
    if paper_printed is None:
        errors["paper_printed"] = [_("紙の資料を印刷したかどうかを選んでください。")]
    elif paper_printed and not printed_pages:
        errors["printed_pages"] = [_("紙の資料を印刷した場合は、印刷した枚数（1以上）を入力してください。")]
    elif not paper_printed and printed_pages:
        errors["printed_pages"] = [_("紙の資料を印刷していない場合、印刷した枚数は0にしてください。")]
    return errors


def _cleaned(**fields: Any) -> dict[str, Any]:
    """The meeting's fields, trimmed, or ValidationError naming each wrong one."""
    fields["printed_pages"] = fields["printed_pages"] or 0
    if errors := _meeting_errors(**fields):
        raise ValidationError(errors)
    for name in ("title", "agenda", "meeting_url"):
        fields[name] = (fields[name] or "").strip()
    return fields


@transaction.atomic
def schedule_meeting(
    department: Department,
    *,
    by: User | None,
    title: str,
    agenda: str,
    held_at: datetime,
    mode: str,
    meeting_url: str = "",
    paper_printed: bool | None,
    printed_pages: int = 0,
) -> Meeting:
    """会議を登録する: the department's meeting, how it is held and whether paper is printed."""
    _check(by, department.pk)
    fields = _cleaned(
        title=title,
        agenda=agenda,
        held_at=held_at,
        mode=mode,
        meeting_url=meeting_url,
        paper_printed=paper_printed,
        printed_pages=printed_pages,
    )
    meeting = Meeting.objects.create(department=department, created_by=_actor(by), **fields)
    record_event(
        meeting,
        verb=Verb.MEETING_SCHEDULED,
        actor=_actor(by),
        data={"department": department.code, "mode": mode, "paper_printed": paper_printed},
    )
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    *,
    by: User | None,
    title: str,
    agenda: str,
    held_at: datetime,
    mode: str,
    meeting_url: str = "",
    paper_printed: bool | None,
    printed_pages: int = 0,
) -> Meeting:
    """会議の記録を直す: after the meeting, say how it was really held and what was printed."""
    _check(by, meeting.department_id)
    fields = _cleaned(
        title=title,
        agenda=agenda,
        held_at=held_at,
        mode=mode,
        meeting_url=meeting_url,
        paper_printed=paper_printed,
        printed_pages=printed_pages,
    )
    changed = sorted(name for name, value in fields.items() if getattr(meeting, name) != value)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    record_event(meeting, verb=Verb.MEETING_CHANGED, actor=_actor(by), data={"changed": changed})
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: User | None) -> Meeting:
    """会議を中止する: a cancelled meeting is not counted in either rate."""
    _check(by, meeting.department_id)
    if meeting.cancelled_at is not None:
        raise ValidationError(_("この会議はすでに中止しています。"))
    meeting.cancelled_at = timezone.now()
    meeting.save(update_fields=["cancelled_at", "updated_at"])
    record_event(meeting, verb=Verb.MEETING_CANCELLED, actor=_actor(by))
    return meeting


# ---------------------------------------------------------------- the document pack


@dataclass(frozen=True)
class CheckedPdf:
    name: str
    size: int
    sha256: str


def check_pdf(upload, field: str = "file") -> CheckedPdf:
    """A pack document is a PDF (read from its content, never from its name), 20MB at most."""
    if upload is None:
        raise ValidationError({field: [_("PDFファイルを選んでください。")]})
    name = (getattr(upload, "name", "") or "document.pdf").rsplit("/", 1)[-1][:200]
    if upload.size == 0:
        raise ValidationError({field: [_("「%(name)s」は空のファイルです。") % {"name": name}]})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {field: [_("「%(name)s」は大きすぎます。20MB以下のPDFにしてください。") % {"name": name}]}
        )
    upload.seek(0)
    sniffed = magic.from_buffer(upload.read(8192), mime=True)
    upload.seek(0)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "pdf"
    if sniffed != "application/pdf" or extension != "pdf":
        raise ValidationError(
            {
                field: [
                    _("「%(name)s」はPDFではありません。会議資料はPDFで登録してください。") % {"name": name}
                ]
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedPdf(name=name, size=upload.size, sha256=digest.hexdigest())


def _save_version(document: PackDocument, *, by, upload, note: str) -> DocumentVersion:
    checked = check_pdf(upload)
    # Lock the document so two uploads at once cannot both become the same 第n版.
    PackDocument.objects.select_for_update().filter(pk=document.pk).first()
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=checked.name,
        size=checked.size,
        sha256=checked.sha256,
        note=(note or "").strip()[:300],
        uploaded_by=_actor(by),
    )
    version.file.save("pack.pdf", upload, save=False)
    version.save()
    return version


@transaction.atomic
def add_document(meeting: Meeting, *, by: User | None, title: str, upload, note: str = "") -> DocumentVersion:
    """会議資料を追加する: a new document of the pack, as its 第1版."""
    _check(by, meeting.department_id)
    if not (title or "").strip():
        raise ValidationError({"title": [_("資料名を入力してください。")]})
    document = PackDocument.objects.create(meeting=meeting, title=title.strip())
    version = _save_version(document, by=by, upload=upload, note=note)
    record_event(
        meeting,
        verb=Verb.DOCUMENT_ADDED,
        actor=_actor(by),
        data={"document": document.pk, "sha256": version.sha256},
    )
    return version


@transaction.atomic
def add_version(document: PackDocument, *, by: User | None, upload, note: str = "") -> DocumentVersion:
    """差し替え: a new version of a document; the earlier ones stay, with who opened them."""
    _check(by, document.meeting.department_id)
    version = _save_version(document, by=by, upload=upload, note=note)
    record_event(
        document.meeting,
        verb=Verb.VERSION_ADDED,
        actor=_actor(by),
        data={"document": document.pk, "version": version.number, "sha256": version.sha256},
    )
    return version


def open_version(user, pk: int) -> DocumentVersion:
    """資料を開く: fetch a version the user may read and record that they opened it."""
    version = access.load(
        DocumentVersion.objects.select_related("document__meeting"),
        user,
        access.WORKSTYLE_MANAGE,
        department=lambda v: v.document.meeting.department_id,
        pk=pk,
    )
    DocumentOpen.objects.create(version=version, user=user)
    return version


# ---------------------------------------------------------------- reads


def meetings_for(user, *, fiscal_year: int | None = None) -> QuerySet[Meeting]:
    """The meetings of the user's departments (of one 年度: held, to come and cancelled)."""
    departments = access.departments_where(user, access.WORKSTYLE_MANAGE)
    meetings = Meeting.objects.filter(department__in=departments).select_related("department")
    if fiscal_year is not None:
        start, end = fiscal_year_bounds_utc(fiscal_year)
        meetings = meetings.filter(held_at__gte=start, held_at__lt=end)
    return meetings


def access_meeting(user, pk: int) -> Meeting:
    return access.load(Meeting.objects.select_related("department"), user, access.WORKSTYLE_MANAGE, pk=pk)


def access_document(user, pk: int) -> PackDocument:
    return access.load(
        PackDocument.objects.select_related("meeting"),
        user,
        access.WORKSTYLE_MANAGE,
        department=lambda d: d.meeting.department_id,
        pk=pk,
    )


def opens_of(meeting: Meeting) -> QuerySet[DocumentOpen]:
    return (
        DocumentOpen.objects.filter(version__document__meeting=meeting)
        .select_related("version__document", "user")
        .order_by("version__document", "version__number", "opened_at")
    )


def meetings_held(fiscal_year: int, *, department: str | None = None) -> QuerySet[Meeting]:
    """The meetings the rates count: held in the 年度 (JST) and by now, not cancelled."""
    start, end = fiscal_year_bounds_utc(fiscal_year)
    meetings = Meeting.objects.filter(
        held_at__gte=start, held_at__lt=min(end, timezone.now()), cancelled_at__isnull=True
    )
    if department:
        meetings = meetings.filter(department__code=department)
    return meetings


@dataclass(frozen=True)
class MeetingRates:
    held: int
    online: int  # online or hybrid
    paperless: int  # no paper printed
    printed_pages: int

    @property
    def online_rate(self) -> float | None:
        return round(100 * self.online / self.held, 1) if self.held else None

    @property
    def paperless_rate(self) -> float | None:
        return round(100 * self.paperless / self.held, 1) if self.held else None


def _rates(meetings) -> MeetingRates:
    rows = list(meetings.values_list("mode", "paper_printed", "printed_pages"))
    return MeetingRates(
        held=len(rows),
        online=sum(1 for mode, _p, _n in rows if mode in ONLINE_MODES),
        paperless=sum(1 for _m, printed, _n in rows if not printed),
        printed_pages=sum(pages for _m, _p, pages in rows),
    )


def meeting_rates(fiscal_year: int, *, department: str | None = None) -> MeetingRates:
    return _rates(meetings_held(fiscal_year, department=department))


def meeting_rates_by_department(
    fiscal_year: int, departments: QuerySet[Department] | None = None
) -> list[tuple[Department, MeetingRates]]:
    """The rates of each department that held a meeting in the 年度 (of `departments` if given)."""
    held = meetings_held(fiscal_year)
    ids = set(held.values_list("department_id", flat=True))
    chosen = (departments if departments is not None else Department.objects.all()).filter(pk__in=ids)
    return [(d, _rates(held.filter(department=d))) for d in chosen.order_by("sort_order", "code")]
