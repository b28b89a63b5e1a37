"""庁内の会議: the record, the document pack (versions, who opened what) and the two rates the plan
reads from them (exact figures on small, hand-made meetings)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override
from tests.quality.uploads import disguised_executable, disguised_html

from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.models import Event, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.pdca.metrics import metrics
from madoguchi.workstyle import services
from madoguchi.workstyle.models import DocumentOpen, DocumentVersion, Meeting, Mode, PackDocument

from .factories import TOOL, jst, meeting, pdf

pytestmark = pytest.mark.django_db
ONLINE, HYBRID, IN_PERSON = Mode.ONLINE, Mode.HYBRID, Mode.IN_PERSON


@pytest.fixture
def two_departments():
    return DepartmentFactory(code="ka-a", sort_order=1), DepartmentFactory(code="ka-b", sort_order=2)


@pytest.fixture
def fy2024_meetings(two_departments):
    """2024年度: A holds 4 (online, hybrid, in person with 30 pages, in person paperless), one more
    cancelled and one held in 2023年度's last hour; B holds 2 (online, in person with 12 pages)."""
    a, b = two_departments
    meeting(a, mode=ONLINE, held_at=jst(2024, 4, 1, 0))  # the 年度's first hour (JST)
    meeting(a, mode=HYBRID, held_at=jst(2024, 9, 2))
    meeting(a, mode=IN_PERSON, held_at=jst(2024, 11, 5), paper_printed=True, printed_pages=30)
    meeting(a, mode=IN_PERSON, held_at=jst(2025, 3, 31, 23))  # the 年度's last hour
    meeting(a, mode=IN_PERSON, held_at=jst(2024, 10, 1), paper_printed=True, printed_pages=5, cancelled=True)
    meeting(a, mode=ONLINE, held_at=jst(2024, 3, 31, 23))  # 2023年度
    meeting(b, mode=ONLINE, held_at=jst(2024, 5, 20))
    meeting(b, mode=IN_PERSON, held_at=jst(2024, 6, 10), paper_printed=True, printed_pages=12)
    return a, b


def test_online_meeting_rate_counts_online_and_hybrid_meetings_held_in_the_year(fy2024_meetings):
    a, b = fy2024_meetings
    rate = metrics.get("online-meeting-rate")
    assert rate.value(2024) == 50.0  # online, hybrid (A) and online (B) of 6
    assert rate.value(2024, {"department": a.code}) == 50.0  # 2 of 4
    assert rate.value(2024, {"department": b.code}) == 50.0  # 1 of 2
    assert rate.value(2023) == 100.0  # the one in 2023's last hour
    assert rate.value(2022) is None
    assert rate.breakdown(2024, None) == {a.name: 50.0, b.name: 50.0}
    drill = rate.drill(2024, None)
    assert len(drill) == 6 and sum(r.counted for r in drill) == 3


def test_paperless_rate_counts_meetings_without_printed_paper(fy2024_meetings):
    a, b = fy2024_meetings
    rate = metrics.get("paperless-meeting-rate")
    assert rate.value(2024) == 66.7  # 4 of 6 (the cancelled one with paper is not counted)
    assert rate.value(2024, {"department": a.code}) == 75.0
    assert rate.value(2024, {"department": b.code}) == 50.0
    assert rate.breakdown(2024, None) == {a.name: 75.0, b.name: 50.0}
    assert services.meeting_rates(2024).printed_pages == 42
    assert [r.note for r in rate.drill(2024, {"department": b.code}) if not r.counted] == ["紙 12枚"]


def test_a_meeting_not_held_yet_is_not_counted():
    now = timezone.now()
    meeting(mode=ONLINE, held_at=now - timedelta(hours=1))
    meeting(mode=IN_PERSON, held_at=now + timedelta(days=1), paper_printed=True, printed_pages=3)
    year = fiscal_year(timezone.localdate())
    if fiscal_year(timezone.localtime(now + timedelta(days=1))) != year:
        pytest.skip("tomorrow is in the next 年度")
    assert (
        metrics.get("online-meeting-rate").value(year),
        metrics.get("paperless-meeting-rate").value(year),
    ) == (
        100.0,
        100.0,
    )


def _schedule(department, **changes):
    fields = {
        "title": "定例会議",
        "agenda": "予算の執行状況",
        "held_at": jst(2024, 6, 3),
        "mode": HYBRID,
        "meeting_url": f"{TOOL}teirei",
        "paper_printed": False,
        "printed_pages": 0,
    }
    return services.schedule_meeting(department, by=None, **{**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "会議名を入力してください"),
        ({"agenda": ""}, "agenda", "議題を入力してください"),
        ({"held_at": None}, "held_at", "開催日時を入力してください"),
        ({"mode": "phone"}, "mode", "開催方法"),
        ({"meeting_url": ""}, "meeting_url", "会議ツールのURLを入力してください"),
        ({"meeting_url": "https://zoom.example.com/j/1"}, "meeting_url", "市の会議ツール"),
        ({"meeting_url": "http://meet.kokubunji.example/x"}, "meeting_url", "市の会議ツール"),
        ({"mode": IN_PERSON}, "meeting_url", "対面のみの会議には"),
        ({"paper_printed": None}, "paper_printed", "印刷したかどうか"),
        ({"paper_printed": True, "printed_pages": 0}, "printed_pages", "1以上"),
        ({"paper_printed": False, "printed_pages": 4}, "printed_pages", "0にしてください"),
    ],
)
def test_a_meeting_record_names_what_is_wrong_and_saves_nothing(changes, field, message):
    department = DepartmentFactory()
    with pytest.raises(ValidationError) as caught:
        _schedule(department, **changes)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Meeting.objects.exists() and not Event.objects.exists()


def test_the_errors_are_in_english_too():
    with override("en"), pytest.raises(ValidationError) as caught:
        _schedule(DepartmentFactory(), meeting_url="https://zoom.example.com/j/1")
    assert "city's meeting tool" in " ".join(caught.value.message_dict["meeting_url"])


def test_a_meeting_is_recorded_changed_and_cancelled_with_events():
    department = DepartmentFactory()
    item = _schedule(department)
    services.update_meeting(
        item,
        by=None,
        title="定例会議",
        agenda="予算の執行状況",
        held_at=item.held_at,
        mode=IN_PERSON,
        meeting_url="",
        paper_printed=True,
        printed_pages=20,
    )
    services.cancel_meeting(item, by=None)
    with pytest.raises(ValidationError, match="すでに中止"):
        services.cancel_meeting(item, by=None)
    item.refresh_from_db()
    assert (item.mode, item.printed_pages, item.cancelled_at is not None) == (IN_PERSON, 20, True)
    events = Event.objects.filter(subject_type="workstyle.meeting").order_by("pk")
    assert [e.verb for e in events] == ["meeting_scheduled", "meeting_changed", "meeting_cancelled"]
    assert events[1].data["changed"] == ["meeting_url", "mode", "paper_printed", "printed_pages"]


def test_pack_versions_are_numbered_and_each_opening_is_recorded():
    department = DepartmentFactory()
    clerk = staff_member(department, StaffRole.Role.RECEPTION, username="pack-clerk")
    item = _schedule(department)
    first = services.add_document(item, by=clerk, title="資料1 予算", upload=pdf("v1"))
    second = services.add_version(first.document, by=clerk, upload=pdf("v2"), note="数字の誤りを訂正")
    assert (first.number, second.number, second.note) == (1, 2, "数字の誤りを訂正")
    assert first.document.latest() == second
    assert b"v1" in first.file.read() and b"v2" in second.file.read()
    assert services.open_version(clerk, first.pk) == first
    services.open_version(clerk, second.pk)
    services.open_version(clerk, second.pk)
    assert [(o.version.number, o.user) for o in services.opens_of(item)] == [
        (1, clerk),
        (2, clerk),
        (2, clerk),
    ]
    outsider = staff_member(DepartmentFactory(), *StaffRole.Role.values, username="pack-outsider")
    with pytest.raises(Exception) as refused:
        services.open_version(outsider, first.pk)
    assert refused.typename == "Http404"
    assert DocumentOpen.objects.filter(user=outsider).count() == 0


@pytest.mark.parametrize("attack", [disguised_executable, disguised_html], ids=lambda a: a.__name__)
def test_a_pack_document_must_be_a_pdf(attack):
    item = _schedule(DepartmentFactory())
    with pytest.raises(ValidationError, match="PDFではありません"):
        services.add_document(item, by=None, title="資料", upload=attack())
    assert not PackDocument.objects.exists() and not DocumentVersion.objects.exists()


# --- the pages -----------------------------------------------------------------------------------


@pytest.fixture
def clerk(client):
    MunicipalityFactory()
    mine = DepartmentFactory(code="mine", sort_order=1)
    user = staff_member(mine, StaffRole.Role.RECEPTION, username="meeting-clerk")
    login_staff(client, user)
    return user


def _post(**changes):
    data = {
        "department": "",
        "title": "週次定例",
        "agenda": "進捗の確認",
        "held_at": "2024-06-03T10:00",
        "mode": "online",
        "meeting_url": f"{TOOL}weekly",
        "paper_printed": "no",
        "printed_pages": "",
    }
    return {**data, **changes}


def test_staff_create_a_meeting_and_open_its_pack(client, clerk):
    mine = clerk.staff_roles.get().department
    response = client.post("/staff/workstyle/meetings/new/", _post(department=mine.pk))
    item = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/workstyle/meetings/{item.pk}/"
    assert (item.mode, item.paper_printed, item.held_at) == (ONLINE, False, jst(2024, 6, 3))
    page = client.post(
        f"/staff/workstyle/meetings/{item.pk}/",
        {"action": "document", "doc-title": "議事次第", "doc-file": pdf("x")},
    )
    assert page.status_code == 302
    version = DocumentVersion.objects.get()
    opened = client.get(f"/staff/workstyle/documents/versions/{version.pk}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
    assert b"".join(opened.streaming_content).startswith(b"%PDF")
    detail = client.get(f"/staff/workstyle/meetings/{item.pk}/").content.decode()
    assert "議事次第" in detail and "meeting-clerk" in detail  # the open record names who opened it
    listing = client.get("/staff/workstyle/?year=2024").content.decode()
    assert "週次定例" in listing and "100.0%" in listing


def test_a_wrong_meeting_form_shows_the_message_and_saves_nothing(client, clerk):
    mine = clerk.staff_roles.get().department
    response = client.post(
        "/staff/workstyle/meetings/new/",
        _post(department=mine.pk, meeting_url="https://zoom.example.com/j/1"),
    )
    assert response.status_code == 200
    assert "市の会議ツール" in response.content.decode()
    response = client.post("/staff/workstyle/meetings/new/", _post(department=mine.pk, held_at="来週"))
    assert "2025-10-01 10:00" in response.content.decode()
    assert not Meeting.objects.exists()


def test_staff_cannot_record_a_meeting_for_another_department(client, clerk):
    other = DepartmentFactory(code="other")
    response = client.post("/staff/workstyle/meetings/new/", _post(department=other.pk))
    assert response.status_code == 200  # the form offers only the user's departments
    assert not Meeting.objects.exists()


def test_editing_records_the_paper_after_the_meeting(client, clerk):
    item = meeting(clerk.staff_roles.get().department, mode=ONLINE)
    response = client.post(
        f"/staff/workstyle/meetings/{item.pk}/edit/",
        _post(mode="hybrid", paper_printed="yes", printed_pages="15", held_at="2024-06-03T10:00"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.mode, item.paper_printed, item.printed_pages) == (HYBRID, True, 15)


def test_a_bad_year_is_a_clear_400(client, clerk):
    response = client.get("/staff/workstyle/?year=R6")
    assert response.status_code == 400 and "西暦の4桁" in response.content.decode()


def test_the_meeting_list_counts_a_meeting_in_its_japanese_day(client, clerk):
    # 2024-03-31 23:00 JST is 14:00 UTC: 2023年度, whatever the server's clock zone.
    meeting(clerk.staff_roles.get().department, title="年度末の会議", held_at=jst(2024, 3, 31, 23))
    assert "年度末の会議" in client.get("/staff/workstyle/?year=2023").content.decode()
    assert "年度末の会議" not in client.get("/staff/workstyle/?year=2024").content.decode()
