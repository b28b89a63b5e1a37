"""テレワーク実証実験: the roster taken at registration, days teleworked, the survey, and the
participation rate (exact figures on small, hand-made pilots)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from madoguchi.core.japanese.fiscal import fiscal_year as fiscal_year_of
from madoguchi.core.models import Event, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, UserFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.pdca.metrics import metrics
from madoguchi.workstyle import services
from madoguchi.workstyle.models import Meeting, Mode, PilotMember, SurveyAnswer, TeleworkDay, TeleworkPilot

from .factories import pilot, telework_days

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def departments():
    return (
        DepartmentFactory(code="shokuin", sort_order=1),  # runs the pilot
        DepartmentFactory(code="ka-a", sort_order=2),
        DepartmentFactory(code="ka-b", sort_order=3),
    )


def _start(runner, targets, *, target=TeleworkPilot.Target.ALL, **changes):
    fields = {
        "title": "令和6年度テレワーク実証実験",
        "system_name": "自治体テレワークシステム for LGWAN",
        "starts_on": date(2024, 7, 1),
        "ends_on": date(2024, 12, 27),
        "target": target,
        "target_departments": targets,
    }
    return services.start_pilot(runner, by=None, **{**fields, **changes})


def test_the_roster_is_the_target_departments_staff_once_each_at_registration(departments):
    runner, a, b = departments
    chief = staff_member(a, R.APPROVAL, username="chief-a")
    clerk = staff_member(a, R.RECEPTION, R.REVIEW, username="clerk-a")  # two roles: one person
    both = staff_member(b, R.REVIEW, username="both")
    StaffRole.objects.create(user=both, department=a, role=R.APPROVAL)  # counted in a (first in order)
    gone = staff_member(b, R.REVIEW, username="gone")
    gone.is_active = False
    gone.save()
    staff_member(runner, R.REVIEW, username="runner")  # the running department is not a target
    item = _start(runner, [b, a])
    assert sorted((m.user.username, m.department.code) for m in item.members.all()) == [
        ("both", "ka-a"),
        ("chief-a", "ka-a"),
        ("clerk-a", "ka-a"),
    ]
    managers = _start(runner, [a, b], target=TeleworkPilot.Target.MANAGERS)
    assert sorted(m.user.username for m in managers.members.all()) == ["both", "chief-a"]
    # a later change of roles does not change a pilot's roster
    StaffRole.objects.create(user=clerk, department=a, role=R.APPROVAL)
    assert managers.members.count() == 2
    assert chief.pk in set(managers.members.values_list("user_id", flat=True))
    assert Event.objects.filter(verb="telework_pilot_started").count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "名称を入力してください"),
        ({"system_name": " "}, "system_name", "テレワークシステムの名称"),
        ({"starts_on": None}, "starts_on", "開始日を入力してください"),
        ({"ends_on": date(2024, 6, 30)}, "ends_on", "開始日以降"),
        ({"target": "everyone"}, "target", "全職員または管理職"),
        ({"target_departments": []}, "target_departments", "1つ以上"),
    ],
)
def test_a_pilot_names_what_is_wrong_and_saves_nothing(departments, changes, field, message):
    runner, a, _b = departments
    staff_member(a, R.REVIEW, username="someone")
    with pytest.raises(ValidationError) as caught:
        _start(runner, [a], **changes)
    assert message in " ".join(caught.value.message_dict[field])
    assert not TeleworkPilot.objects.exists() and not PilotMember.objects.exists()


def test_a_pilot_without_anyone_to_count_is_refused(departments):
    runner, a, _b = departments
    staff_member(a, R.REVIEW, username="no-manager")
    with pytest.raises(ValidationError, match="対象となる職員がいません"):
        _start(runner, [a], target=TeleworkPilot.Target.MANAGERS)


@pytest.fixture
def fy2024_pilots(departments):
    """Two pilots in 2024年度 (one also runs into 2025年度) and one in 2023年度.

    a: 4 on the roster (one on both 2024 pilots); b: 2. Teleworked in 2024: 2 of a, 1 of b."""
    runner, a, b = departments
    people = {name: UserFactory(username=name) for name in ("a1", "a2", "a3", "a4", "b1", "b2")}
    first = pilot(
        runner,
        starts_on=date(2024, 7, 1),
        ends_on=date(2024, 9, 30),
        members=[(people["a1"], a), (people["a2"], a), (people["b1"], b)],
    )
    second = pilot(
        runner,
        title="延長",
        starts_on=date(2025, 1, 6),
        ends_on=date(2025, 6, 30),
        members=[(people["a1"], a), (people["a3"], a), (people["a4"], a), (people["b2"], b)],
    )
    earlier = pilot(runner, title="管理職", starts_on=date(2023, 10, 1), ends_on=date(2024, 3, 31))
    PilotMember.objects.create(pilot=earlier, user=people["a2"], department=a)
    m = {(mb.pilot_id, mb.user.username): mb for mb in PilotMember.objects.select_related("user")}
    telework_days(m[(first.pk, "a1")], date(2024, 7, 3), date(2024, 7, 10))
    telework_days(m[(second.pk, "a1")], date(2025, 2, 3))  # a1 again: still one person
    telework_days(m[(second.pk, "a3")], date(2025, 4, 1))  # in 2025年度 only
    telework_days(m[(second.pk, "a4")], date(2025, 3, 31))
    telework_days(m[(first.pk, "b1")], date(2024, 9, 30))
    telework_days(m[(earlier.pk, "a2")], date(2024, 3, 29))  # 2023年度
    return a, b


def test_participation_rate_is_staff_who_teleworked_over_the_roster(fy2024_pilots):
    a, b = fy2024_pilots
    rate = metrics.get("telework-pilot-participation-rate")
    # 2024: rosters a1 a2 a3 a4 b1 b2 (6 people); teleworked in 2024: a1, a4, b1
    assert rate.value(2024) == 50.0
    assert rate.value(2024, {"department": a.code}) == 50.0  # a1, a4 of 4
    assert rate.value(2024, {"department": b.code}) == 50.0  # b1 of 2
    assert rate.value(2023) == 100.0  # a2 of a2
    assert rate.value(2025) == 25.0  # the extension's a1 a3 a4 b2: a3 on 2025-04-01
    assert rate.value(2022) is None
    assert rate.breakdown(2024, None) == {a.name: 50.0, b.name: 50.0}
    share = services.participation(2024)
    assert (share.eligible, share.participants, share.days) == (6, 3, 5)
    drill = rate.drill(2024, None)
    assert len(drill) == 7  # a1 is on both rosters: a row per roster entry
    assert sorted(r.label.split(": ")[1] for r in drill if r.counted) == ["a1", "a1", "a4", "b1"]


@pytest.fixture
def running(departments):
    runner, a, _b = departments
    member_user = staff_member(a, R.REVIEW, username="teleworker")
    item = _start(runner, [a], starts_on=date(2024, 7, 1), ends_on=timezone.localdate() + timedelta(days=30))
    return item, item.members.get(user=member_user)


def test_days_are_recorded_by_the_member_or_the_running_department(running, departments):
    runner, a, _b = departments
    item, member = running
    services.record_day(member, by=member.user, on=date(2024, 7, 2))
    organiser = staff_member(runner, R.RECEPTION, username="organiser")
    services.record_day(member, by=organiser, on=date(2024, 7, 3))
    colleague = staff_member(a, *R.values, username="colleague")  # same department, not the member
    with pytest.raises(PermissionDenied):
        services.record_day(member, by=colleague, on=date(2024, 7, 4))
    assert list(member.days.values_list("on", flat=True)) == [date(2024, 7, 2), date(2024, 7, 3)]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (None, "実施日を入力してください"),
        (date(2024, 6, 30), "実証実験の期間"),
        ("tomorrow", "まだ来ていない日"),
        (date(2024, 7, 2), "すでに記録しています"),
    ],
)
def test_a_wrong_day_is_refused_and_changes_nothing(running, day, message):
    _item, member = running
    TeleworkDay.objects.create(member=member, on=date(2024, 7, 2))
    if day == "tomorrow":
        day = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        services.record_day(member, by=member.user, on=day)
    assert member.days.count() == 1


def test_only_the_member_answers_the_survey_and_a_second_answer_replaces_the_first(running, departments):
    _item, member = running
    with pytest.raises(PermissionDenied):
        services.answer_survey(
            member,
            by=staff_member(departments[0], R.REVIEW),
            usability=3,
            connection_trouble=False,
            would_continue="yes",
        )
    with pytest.raises(ValidationError) as caught:
        services.answer_survey(
            member, by=member.user, usability=9, connection_trouble=None, would_continue="x"
        )
    assert set(caught.value.message_dict) == {"usability", "connection_trouble", "would_continue"}
    services.answer_survey(
        member, by=member.user, usability=2, connection_trouble=True, would_continue="unsure"
    )
    services.answer_survey(
        member,
        by=member.user,
        usability=4,
        connection_trouble=False,
        would_continue="yes",
        comment="VPNが遅い",
    )
    answer = SurveyAnswer.objects.get()
    assert (answer.usability, answer.connection_trouble, answer.would_continue, answer.comment) == (
        4,
        False,
        "yes",
        "VPNが遅い",
    )


# --- the pages -----------------------------------------------------------------------------------


def test_staff_register_a_pilot_and_record_days_on_its_page(client, departments):
    MunicipalityFactory()
    runner, a, b = departments
    organiser = staff_member(runner, R.REVIEW, username="pilot-organiser")
    staff_member(a, R.APPROVAL, username="manager-a")
    staff_member(b, R.REVIEW, username="clerk-b")
    login_staff(client, organiser)
    response = client.post(
        "/staff/workstyle/telework/",
        {
            "department": runner.pk,
            "title": "管理職のテレワーク",
            "system_name": "自治体テレワークシステム for LGWAN",
            "starts_on": "2024-07-01",
            "ends_on": "2024-09-30",
            "target": "managers",
            "target_departments": [a.pk, b.pk],
        },
    )
    item = TeleworkPilot.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/workstyle/telework/{item.pk}/"
    member = item.members.get()
    assert member.user.username == "manager-a"
    client.post(f"/staff/workstyle/telework/{item.pk}/", {"member": member.pk, "on": "2024-07-08"})
    page = client.get(f"/staff/workstyle/telework/{item.pk}/").content.decode()
    assert "1人 ／ 1人" in page and "07/08" in page
    listing = client.get("/staff/workstyle/telework/?year=2024").content.decode()
    assert "100.0%" in listing


def test_a_member_records_their_own_day_and_answers_on_their_page(running):
    _item, member = running
    client = Client()
    MunicipalityFactory()
    login_staff(client, member.user)
    assert "令和6年度テレワーク実証実験" in client.get("/staff/workstyle/telework/mine/").content.decode()
    client.post("/staff/workstyle/telework/mine/", {"action": "day", "member": member.pk, "on": "2024-07-09"})
    wrong = client.post(
        "/staff/workstyle/telework/mine/", {"action": "day", "member": member.pk, "on": "2024-06-01"}
    )
    assert "実証実験の期間" in wrong.content.decode()
    client.post(
        "/staff/workstyle/telework/mine/",
        {
            "action": "survey",
            "member": member.pk,
            "usability": "5",
            "connection_trouble": "no",
            "would_continue": "yes",
        },
    )
    assert list(member.days.values_list("on", flat=True)) == [date(2024, 7, 9)]
    assert SurveyAnswer.objects.get(member=member).usability == 5


def test_nobody_records_a_day_for_someone_elses_membership(running, departments):
    _item, member = running
    client = Client()
    MunicipalityFactory()
    login_staff(client, staff_member(departments[1], R.REVIEW, username="not-a-member"))
    response = client.post(
        "/staff/workstyle/telework/mine/", {"action": "day", "member": member.pk, "on": "2024-07-09"}
    )
    assert response.status_code == 404 and not member.days.exists()
    assert client.post("/staff/workstyle/telework/mine/", {"action": "day", "member": "x"}).status_code == 400


# --- PDCA ----------------------------------------------------------------------------------------


def test_the_three_indicators_are_computed_in_the_plan_api(departments):
    from madoguchi.pdca.loader import load_plan

    load_plan(say=lambda *a: None)
    runner, a, _b = departments
    this_year = fiscal_year_of(timezone.localdate())
    today = timezone.localdate()
    start = date(this_year, 4, 1)
    # through the services, which write the Events (pdca computes from the first year with any)
    staff_member(a, R.REVIEW, username="api-a1")
    staff_member(a, R.REVIEW, username="api-a2")
    item = _start(runner, [a], starts_on=start, ends_on=date(this_year + 1, 3, 31))
    services.record_day(item.members.order_by("pk").first(), by=None, on=today)
    held = timezone.now() - timedelta(minutes=1)  # held already, in this 年度
    for mode, paper in (
        (Mode.ONLINE, False),
        (Mode.HYBRID, True),
        (Mode.IN_PERSON, True),
        (Mode.IN_PERSON, False),
    ):
        url = "" if mode == Mode.IN_PERSON else "https://meet.kokubunji.example/x"
        services.schedule_meeting(
            a,
            by=None,
            title="会議",
            agenda="議題",
            held_at=held,
            mode=mode,
            meeting_url=url,
            paper_printed=paper,
            printed_pages=10 if paper else 0,
        )
    assert Meeting.objects.count() == 4
    rows = Client().get("/api/v1/plan/indicators/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    by_key = {row["key"]: row for row in rows}
    expected = {
        "online-meeting-rate": 50.0,
        "paperless-meeting-rate": 50.0,
        "telework-pilot-participation-rate": 50.0,
    }
    for key, value in expected.items():
        assert by_key[key]["metric_source"].startswith("madoguchi.workstyle.metrics."), key
        [point] = [v for v in by_key[key]["values"] if v["fiscal_year"] == this_year]
        assert float(point["actual"]) == value, key
