"""Objects of workstyle for tests (and other apps' tests)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.workstyle.models import (
    DocumentVersion,
    Meeting,
    Mode,
    PackDocument,
    PilotMember,
    TeleworkDay,
    TeleworkPilot,
)

TOOL = "https://meet.kokubunji.example/"


def pdf(text: str = "会議資料") -> SimpleUploadedFile:
    """A small valid PDF whose content carries `text` (so a test can see which file it got)."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
        + f"% {text}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile("shiryo.pdf", body, content_type="application/pdf")


def jst(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, 0))


def meeting(
    department=None,
    *,
    title="課内会議",
    held_at=None,
    mode=Mode.IN_PERSON,
    paper_printed=False,
    printed_pages=0,
    cancelled=False,
) -> Meeting:
    return Meeting.objects.create(
        department=department or DepartmentFactory(),
        title=title,
        agenda="1. 報告\n2. 協議",
        held_at=held_at or jst(2024, 6, 3),
        mode=mode,
        meeting_url="" if mode == Mode.IN_PERSON else f"{TOOL}weekly",
        paper_printed=paper_printed,
        printed_pages=printed_pages,
        cancelled_at=timezone.now() if cancelled else None,
    )


def pack_version(item: Meeting | None = None, *, title="資料1", text="会議資料") -> DocumentVersion:
    document = PackDocument.objects.create(meeting=item or meeting(), title=title)
    version = DocumentVersion(
        document=document, number=1, original_name="shiryo.pdf", size=1, sha256="0" * 64
    )
    version.file.save("pack.pdf", pdf(text), save=False)
    version.save()
    return version


def pilot(
    department=None,
    *,
    title="テレワーク実証実験",
    starts_on=date(2024, 7, 1),
    ends_on=date(2024, 12, 27),
    members=(),
) -> TeleworkPilot:
    """A pilot run by `department` whose roster is `members`: (user, department) pairs."""
    item = TeleworkPilot.objects.create(
        department=department or DepartmentFactory(),
        title=title,
        system_name="自治体テレワークシステム for LGWAN",
        starts_on=starts_on,
        ends_on=ends_on,
        target=TeleworkPilot.Target.ALL,
    )
    for user, member_department in members:
        PilotMember.objects.create(pilot=item, user=user, department=member_department)
    return item


def telework_days(member: PilotMember, *days: date) -> None:
    for day in days:
        TeleworkDay.objects.create(member=member, on=day)
