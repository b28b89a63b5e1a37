"""Access review: unusual reads of personal data in the audit chain become alerts that the
reader's manager (決裁) sees and signs off."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from madoguchi.core import audit
from madoguchi.core.events import events_for
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.privacy import services
from madoguchi.privacy.models import AccessAlert

pytestmark = pytest.mark.django_db
R = StaffRole.Role

# Tuesday 2025-06-10, 10:00 JST: the city hall is open.
OPEN_HOUR = datetime(2025, 6, 10, 10, 0, tzinfo=JST)


@pytest.fixture
def shimin():
    return DepartmentFactory(code="shimin", name="市民課")


@pytest.fixture
def reader(shimin):
    return staff_member(shimin, R.RECEPTION, username="curious-clerk")


@pytest.fixture
def manager(shimin):
    return staff_member(shimin, R.APPROVAL, username="shimin-chief")


@pytest.fixture(autouse=True)
def _outside_cases_off(settings):
    """Most tests here read residents without applications: they look at one kind of alert at a
    time, so the outside-the-cases alert is off unless a test turns it on."""
    settings.MADOGUCHI_PRIVACY_OUTSIDE_CASES_MIN = 10**9


@pytest.fixture
def at(monkeypatch):
    """Write audit entries at a chosen time (the chain takes its time from timezone.now)."""

    def set_time(when):
        utc = when.astimezone(UTC)  # as the chain stores it, so the entry hashes the same when read back
        monkeypatch.setattr(audit.timezone, "now", lambda: utc)

    return set_time


def read_people(at, reader, count, *, start, every=timedelta(seconds=15), action="personal_data_viewed"):
    people = [PersonFactory() for _ in range(count)]
    for n, person in enumerate(people):
        at(start + n * every)
        audit.append(action=action, actor=reader, object_type="core.person", object_id=str(person.pk))
    return people


def scan(start, hours=3):
    return services.scan_access(since=start - timedelta(hours=1), until=start + timedelta(hours=hours))


def test_two_hundred_persons_in_an_hour_raise_an_alert_the_manager_sees(
    at, reader, manager, shimin, settings
):
    settings.MADOGUCHI_PRIVACY_OUTSIDE_CASES_MIN = 10
    read_people(at, reader, 200, start=OPEN_HOUR)  # 200 people in 50 minutes, none in their cases
    at(OPEN_HOUR + timedelta(hours=2))

    alerts = {alert.kind: alert for alert in scan(OPEN_HOUR)}
    assert set(alerts) == {"volume", "outside_cases"}
    assert alerts["outside_cases"].count == 200
    alert = alerts["volume"]
    assert (alert.kind, alert.staff, alert.department, alert.count) == ("volume", reader, shimin, 200)
    assert alert.norm == 60  # no history yet: the floor
    assert [e.verb for e in events_for(alert)] == ["access_alert_raised"]

    client = Client()
    login_staff(client, manager)
    page = client.get(reverse("privacy_staff:review")).content.decode()
    assert "curious-clerk" in page and "閲覧件数が通常を超えた" in page
    detail = client.get(reverse("privacy_staff:alert", args=[alert.pk]))
    assert detail.status_code == 200 and "200" in detail.content.decode()

    response = client.post(
        reverse("privacy_staff:alert", args=[alert.pk]),
        {"outcome": "escalated", "note": "業務と関係のない閲覧"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.reviewed_by) == ("escalated", manager)
    assert [e.verb for e in events_for(alert)] == ["access_alert_raised", "access_alert_reviewed"]
    assert audit.verify().ok


def test_a_normal_hour_raises_nothing_and_a_scan_twice_raises_one_alert(at, reader):
    read_people(at, reader, 40, start=OPEN_HOUR)
    assert scan(OPEN_HOUR) == []
    read_people(at, reader, 100, start=OPEN_HOUR + timedelta(hours=1), every=timedelta(seconds=10))
    assert len(scan(OPEN_HOUR)) == 1
    assert scan(OPEN_HOUR) == []  # nothing new
    assert AccessAlert.objects.count() == 1


def test_the_norm_follows_the_departments_usual_busy_hour(at, reader, shimin):
    """A division that reads 50 records every hour for weeks gets a norm of 150: 100 is not unusual."""
    for day in range(1, 6):
        read_people(at, reader, 50, start=OPEN_HOUR - timedelta(days=day), every=timedelta(seconds=30))
    assert services.department_norm(shimin, now=OPEN_HOUR) == 150
    read_people(at, reader, 100, start=OPEN_HOUR, every=timedelta(seconds=20))
    assert [a.kind for a in scan(OPEN_HOUR)] == []


def test_reading_records_at_night_or_on_a_holiday_raises_an_alert(at, reader):
    read_people(at, reader, 3, start=datetime(2025, 6, 10, 22, 30, tzinfo=JST))
    read_people(at, reader, 1, start=datetime(2025, 6, 14, 11, 0, tzinfo=JST))  # Saturday
    alerts = services.scan_access(
        since=datetime(2025, 6, 10, tzinfo=JST), until=datetime(2025, 6, 15, tzinfo=JST)
    )
    assert sorted((a.kind, a.count) for a in alerts) == [("out_of_hours", 1), ("out_of_hours", 3)]


def test_a_my_number_revealed_outside_a_case_raises_an_alert(at, reader):
    at(OPEN_HOUR)
    person = PersonFactory()
    audit.append(
        action="my_number_revealed", actor=reader, object_type="core.person", object_id=str(person.pk)
    )
    audit.append(
        action="my_number_revealed", actor=reader, object_type="applications.application", object_id="7"
    )
    [alert] = scan(OPEN_HOUR)
    assert alert.kind == "my_number_without_case"
    assert alert.count == 1


def test_only_the_readers_manager_sees_and_signs_off(at, reader, manager, shimin):
    read_people(at, reader, 70, start=OPEN_HOUR)
    [alert] = scan(OPEN_HOUR)
    other_chief = staff_member(DepartmentFactory(), R.APPROVAL, username="other-chief")
    colleague = staff_member(shimin, R.REVIEW, username="colleague")
    assert list(services.alerts_for(other_chief)) == []
    for user in (other_chief, colleague):
        with pytest.raises(PermissionDenied):
            services.review_alert(alert, by=user, outcome="justified", note="問題なし")
    client = Client()
    login_staff(client, colleague)
    assert client.get(reverse("privacy_staff:review")).status_code == 403
    # A manager who is also the reader cannot sign off their own alert.
    chief_reader = staff_member(shimin, R.APPROVAL, username="reading-chief")
    read_people(at, chief_reader, 70, start=OPEN_HOUR)
    own = AccessAlert.objects.get(staff=chief_reader) if scan(OPEN_HOUR) else None
    assert own is not None and own not in services.alerts_for(chief_reader)
    with pytest.raises(PermissionDenied):
        services.review_alert(own, by=chief_reader, outcome="justified", note="自分で確認")


@pytest.mark.parametrize(
    ("outcome", "note", "message"),
    [
        ("justified", "  ", "確認した内容を入力してください"),
        ("open", "理由", "確認の結果を選んでください"),
    ],
)
def test_a_sign_off_needs_an_outcome_and_a_note(at, reader, manager, outcome, note, message):
    read_people(at, reader, 70, start=OPEN_HOUR)
    [alert] = scan(OPEN_HOUR)
    with pytest.raises(ValidationError, match=message):
        services.review_alert(alert, by=manager, outcome=outcome, note=note)
    alert.refresh_from_db()
    assert alert.status == "open"


def test_the_command_runs_the_review(at, reader):
    read_people(at, reader, 5, start=datetime.now(tz=JST) - timedelta(minutes=30))
    call_command("privacy", "review-access", "--hours", "1")


def test_residents_outside_the_readers_cases_raise_an_alert(at, reader, manager, shimin, settings):
    """A clerk reading residents who have no application with their department: flagged from the
    minimum up; residents with a case in the department do not count."""
    from madoguchi.applications.tests.factories import ApplicationFactory

    settings.MADOGUCHI_PRIVACY_OUTSIDE_CASES_MIN = 3
    own = [ApplicationFactory(submitted=True, department=shimin).applicant for _ in range(5)]
    for n, person in enumerate(own):
        at(OPEN_HOUR + timedelta(minutes=n))
        audit.append(
            action="personal_data_viewed", actor=reader, object_type="core.person", object_id=str(person.pk)
        )
    assert scan(OPEN_HOUR) == []  # five residents, all in the department's cases

    read_people(at, reader, 2, start=OPEN_HOUR + timedelta(minutes=10))
    assert scan(OPEN_HOUR) == []  # two outside: below the minimum
    read_people(at, reader, 1, start=OPEN_HOUR + timedelta(minutes=20))
    [alert] = scan(OPEN_HOUR)
    assert (alert.kind, alert.count, alert.staff) == ("outside_cases", 3, reader)
    assert alert in services.alerts_for(manager)
