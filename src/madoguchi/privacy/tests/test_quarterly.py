"""四半期のアクセス点検: the manager signs off each staff member's quarter; the page lists those
still unsigned; an open alert must be reviewed first."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from madoguchi.core import audit
from madoguchi.core.events import events_for
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.privacy import services
from madoguchi.privacy.events import Verb
from madoguchi.privacy.models import AccessAlert, QuarterlyReview

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def shimin():
    return DepartmentFactory(code="shimin", name="市民課")


@pytest.fixture
def clerk(shimin):
    return staff_member(shimin, R.RECEPTION, username="counter-clerk")


@pytest.fixture
def manager(shimin):
    return staff_member(shimin, R.APPROVAL, username="shimin-chief")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 1), (2025, 1)),
        (date(2025, 9, 30), (2025, 2)),
        (date(2025, 12, 31), (2025, 3)),
        (date(2026, 3, 31), (2025, 4)),
    ],
)
def test_quarters_follow_the_fiscal_year(day, expected):
    assert services.quarter_of(day) == expected
    start, end = services.quarter_bounds(*expected)
    assert start.date() <= day < end.date()


def test_manager_signs_off_and_the_page_lists_only_the_unsigned(clerk, manager, shimin):
    other = staff_member(shimin, R.REVIEW, username="reviewing-clerk")
    audit.append(
        action="personal_data_viewed",
        actor=clerk,
        object_type="core.person",
        object_id=str(PersonFactory().pk),
    )
    year, quarter = services.current_quarter()
    client = Client()
    login_staff(client, manager)
    url = reverse("privacy_staff:quarterly")
    page = client.get(url, {"year": year, "quarter": quarter}).content.decode()
    assert "counter-clerk" in page and "reviewing-clerk" in page
    assert '<th scope="row">shimin-chief' not in page  # nobody reviews themselves

    response = client.post(
        url,
        {
            "staff": clerk.pk,
            "department": shimin.pk,
            "year": year,
            "quarter": quarter,
            "note": "業務の範囲内",
        },
    )
    assert response.status_code == 302
    review = QuarterlyReview.objects.get()
    assert (review.staff, review.signed_by, review.reads, review.note) == (clerk, manager, 1, "業務の範囲内")
    assert [e.verb for e in events_for(review)] == [Verb.QUARTER_SIGNED_OFF]

    page = client.get(url, {"year": year, "quarter": quarter}).content.decode()
    assert "counter-clerk" not in page and "reviewing-clerk" in page
    assert other.pk != clerk.pk


def test_an_open_alert_blocks_the_sign_off(clerk, manager, shimin):
    year, quarter = services.current_quarter()
    start, _end = services.quarter_bounds(year, quarter)
    AccessAlert.objects.create(
        kind=AccessAlert.Kind.VOLUME,
        staff=clerk,
        department=shimin,
        window_start=start + timedelta(hours=1),
        window_end=start + timedelta(hours=2),
        count=200,
        norm=60,
    )
    with pytest.raises(ValidationError) as exc:
        services.sign_off_quarter(by=manager, staff=clerk, department=shimin, year=year, quarter=quarter)
    assert "未確認の警告が1件" in str(exc.value)
    assert not QuarterlyReview.objects.exists()


def test_twice_self_and_future_are_refused(clerk, manager, shimin):
    year, quarter = services.current_quarter()
    services.sign_off_quarter(by=manager, staff=clerk, department=shimin, year=year, quarter=quarter)
    with pytest.raises(ValidationError):
        services.sign_off_quarter(by=manager, staff=clerk, department=shimin, year=year, quarter=quarter)
    with pytest.raises(PermissionDenied):
        services.sign_off_quarter(by=manager, staff=manager, department=shimin, year=year, quarter=quarter)
    with pytest.raises(ValidationError):
        services.sign_off_quarter(by=manager, staff=clerk, department=shimin, year=year + 1, quarter=quarter)
    assert QuarterlyReview.objects.count() == 1


def test_another_departments_manager_sees_and_signs_nothing(clerk, shimin):
    outsider = staff_member(DepartmentFactory(), R.APPROVAL, username="other-chief")
    year, quarter = services.current_quarter()
    assert not services.quarter_rows(outsider, year=year, quarter=quarter)
    with pytest.raises(PermissionDenied):
        services.sign_off_quarter(by=outsider, staff=clerk, department=shimin, year=year, quarter=quarter)
    client = Client()
    login_staff(client, clerk)  # no 決裁: no page
    assert client.get(reverse("privacy_staff:quarterly")).status_code == 403


def test_quarter_bounds_refuse_a_fifth_quarter():
    with pytest.raises(ValidationError):
        services.quarter_bounds(2025, 5)
    assert services.quarter_bounds(2025, 4) == (
        datetime(2026, 1, 1, tzinfo=JST),
        datetime(2026, 4, 1, tzinfo=JST),
    )
