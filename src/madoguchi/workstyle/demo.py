"""Demo data (order 94): three 年度 of staff meetings in eight departments — fewer in person and
less paper each year, some with document packs (a corrected 第2版, opened by the department's
staff) — and the telework pilots the plan describes: 管理職 first (two years ago), then all staff
of three divisions, then this 年度's wider pilot still running, with days teleworked and survey
answers from the demo staff.

Without it the plan's 2-ウ indicators would show nothing: they are computed from these records
(workstyle/metrics.py). Idempotent: nothing is added twice."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from madoguchi.core.demo import DemoLoader
from madoguchi.core.japanese.fiscal import fiscal_year as fiscal_year_of
from madoguchi.core.models import Department, StaffRole

from . import services
from .models import Meeting, Mode, TeleworkPilot

DEPARTMENTS = ["digital", "shokuin", "johokanri", "shimin", "kodomo-shien", "hoiku", "kaigo", "kenko"]
TITLES = ["課内定例会議", "事業進捗の打合せ", "予算の検討会議"]
# Per 年度 from two years ago to this one: the share held online or hybrid, and printed on paper.
ONLINE_SHARE = [0.3, 0.45, 0.6]
PAPER_SHARE = [0.6, 0.4, 0.25]


def _pdf(text: str) -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        + f"% {text}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile("shiryo.pdf", body, content_type="application/pdf")


def _staff_of(department: Department) -> list:
    ids = StaffRole.objects.filter(department=department).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


def _meetings(say) -> None:
    if Meeting.objects.exists():
        return
    rng = random.Random(2022)
    today = timezone.localdate()
    this_year = fiscal_year_of(today)
    tool = services.meeting_tool_urls()[0]
    departments = list(Department.objects.filter(code__in=DEPARTMENTS))
    for n, fiscal_year in enumerate(range(this_year - 2, this_year + 1)):
        for department in departments:
            for month in range(12):
                day = date(fiscal_year, 4, 1) + timedelta(days=30 * month + rng.randint(0, 20))
                if day > today + timedelta(days=14):  # the next two weeks' meetings are planned already
                    break
                online = rng.random() < ONLINE_SHARE[n]
                mode = rng.choice([Mode.ONLINE, Mode.HYBRID]) if online else Mode.IN_PERSON
                paper = rng.random() < PAPER_SHARE[n]
                services.schedule_meeting(
                    department,
                    by=None,
                    title=f"{department.name} {TITLES[month % len(TITLES)]}",
                    agenda="1. 前回の確認\n2. 各係からの報告\n3. 協議事項",
                    held_at=timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0)),
                    mode=mode,
                    meeting_url=f"{tool}{department.code}-{day:%Y%m%d}" if mode != Mode.IN_PERSON else "",
                    paper_printed=paper,
                    printed_pages=rng.randint(2, 8) * 10 if paper else 0,
                )
    _packs(today)
    say(f"staff meetings: {Meeting.objects.count()}")


def _packs(today: date) -> None:
    """The latest held meeting of each department gets a pack: an agenda, and a report corrected once."""
    for department in Department.objects.filter(code__in=DEPARTMENTS):
        meeting = (
            Meeting.objects.filter(department=department, held_at__lte=timezone.now())
            .order_by("-held_at")
            .first()
        )
        if meeting is None:
            continue
        staff = _staff_of(department)
        services.add_document(meeting, by=None, title="議事次第", upload=_pdf("議事次第"))
        report = services.add_document(meeting, by=None, title="資料1 事業の進捗", upload=_pdf("進捗 第1版"))
        corrected = services.add_version(
            report.document, by=None, upload=_pdf("進捗 第2版"), note="件数の誤りを訂正"
        )
        for user in staff:
            services.open_version(user, report.pk)
            services.open_version(user, corrected.pk)


def _pilots(say) -> None:
    if TeleworkPilot.objects.exists():
        return
    runner = Department.objects.filter(code="shokuin").first()
    if runner is None:
        return
    today = timezone.localdate()
    this_year = fiscal_year_of(today)
    rng = random.Random(2021)
    pilots = [
        (
            this_year - 2,
            "管理職のテレワーク実証実験",
            TeleworkPilot.Target.MANAGERS,
            list(Department.objects.exclude(kind=Department.Kind.BU)),
            0.5,
        ),
        (
            this_year - 1,
            "テレワーク実証実験（デジタル・人事・情報管理）",
            TeleworkPilot.Target.ALL,
            list(Department.objects.filter(code__in=["digital", "shokuin", "johokanri"])),
            0.7,
        ),
        (
            this_year,
            "テレワーク実証実験（対象の拡大）",
            TeleworkPilot.Target.ALL,
            list(Department.objects.filter(code__in=DEPARTMENTS)),
            0.6,
        ),
    ]
    for fiscal_year, title, target, targets, share in pilots:
        if not services.roster(target, targets):
            continue
        pilot = services.start_pilot(
            runner,
            by=None,
            title=title,
            system_name="自治体テレワークシステム for LGWAN",
            starts_on=date(fiscal_year, 7, 1),
            ends_on=date(fiscal_year + 1, 3, 31),
            target=target,
            target_departments=targets,
        )
        last = min(pilot.ends_on, today)
        for member in pilot.members.select_related("user"):
            if rng.random() >= share or last < pilot.starts_on:
                continue
            for _n in range(rng.randint(1, 6)):
                day = pilot.starts_on + timedelta(days=rng.randint(0, (last - pilot.starts_on).days))
                if day.weekday() < 5 and not member.days.filter(on=day).exists():
                    services.record_day(member, by=None, on=day)
            services.answer_survey(
                member,
                by=None,
                usability=rng.randint(2, 5),
                connection_trouble=rng.random() < 0.3,
                would_continue=rng.choice(["yes", "yes", "unsure", "no"]),
                comment=rng.choice(
                    ["", "資料の持ち出しができず、紙の資料の確認が難しかった。", "移動がなく集中できた。"]
                ),
            )
    say(f"telework pilots: {TeleworkPilot.objects.count()}")


def load(say) -> None:
    _meetings(say)
    _pilots(say)


LOADER = DemoLoader("workstyle", 94, load)
