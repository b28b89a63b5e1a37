"""The metrics computed from core records: online share of applications, per fiscal year in JST."""

import datetime as dt
import importlib.util

import pytest

from madoguchi.core.models import Event
from madoguchi.pdca.metrics import APPLICATION_SUBJECT, Metric, metrics

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def submitted(channel: str, when: dt.datetime, number: int, verb: str = "submitted") -> Event:
    """A "submitted" Event as the applications service writes it (one per accepted application)."""
    return Event.objects.create(
        subject_type=APPLICATION_SUBJECT, subject_id=str(number), verb=verb, channel=channel, time=when
    )


def test_online_share_is_the_exact_ratio_over_submitted_events():
    when = dt.datetime(2025, 7, 1, 3, 0, tzinfo=UTC)
    for n in range(3):
        submitted("online", when, n)
    submitted("counter", when, 10)
    submitted("paper", when, 11)
    submitted("online", when, 12, verb="approved")  # not a submission: not counted

    assert metrics.get("applications.online_share").compute(2025, None) == 100 * 3 / 5
    assert metrics.get("applications.count").compute(2025, None) == 5
    assert metrics.get("applications.count").compute(2025, {"channel": "counter"}) == 1
    assert metrics.get("applications.online_count").compute(2025, None) == 3
    assert metrics.get("applications.count").breakdown(2025, None) == {"counter": 1, "online": 3, "paper": 1}


def test_online_share_is_none_without_applications():
    assert metrics.get("applications.online_share").compute(2030, None) is None


@pytest.mark.parametrize(
    ("instant", "fiscal_year"),
    [
        (dt.datetime(2025, 3, 31, 14, 59, 59, tzinfo=UTC), 2024),  # 3/31 23:59:59 JST
        (dt.datetime(2025, 3, 31, 15, 0, tzinfo=UTC), 2025),  # 4/1 00:00 JST
    ],
)
def test_fiscal_year_boundary_is_april_first_in_jst(instant, fiscal_year):
    submitted("online", instant, 1)
    assert metrics.get("applications.count").compute(fiscal_year, None) == 1
    other = 2025 if fiscal_year == 2024 else 2024
    assert metrics.get("applications.count").compute(other, None) == 0


def test_events_per_channel():
    when = dt.datetime(2024, 10, 1, tzinfo=UTC)
    Event.objects.create(subject_type="core.person", subject_id="1", verb="x", channel="phone", time=when)
    Event.objects.create(subject_type="core.person", subject_id="2", verb="x", channel="online", time=when)
    Event.objects.create(subject_type="core.person", subject_id="3", verb="x", channel="online", time=when)
    metric = metrics.get("core.events")
    assert metric.compute(2024, None) == 3
    assert metric.breakdown(2024, None) == {"online": 2, "phone": 1}
    assert metric.compute(2024, {"channel": "phone"}) == 1


def test_a_metric_is_registered_once():
    from django.core.exceptions import ImproperlyConfigured

    duplicate = Metric(code="core.events", name="x", description="", unit="件", compute=lambda fy, scope: 0)
    with pytest.raises(ImproperlyConfigured):
        metrics.register(duplicate)


APPLICATIONS = importlib.util.find_spec("madoguchi.applications") is not None and (
    importlib.util.find_spec("madoguchi.applications.services") is not None
)
if APPLICATIONS:  # the applications engineer's fixtures: a published procedure, a resident, staff
    from madoguchi.applications.tests.conftest import (  # noqa: F401
        childcare_staff,
        city,
        genkyo_data,
        resident,
    )
    from madoguchi.procedures.tests.conftest import departments, genkyo  # noqa: F401


@pytest.mark.skipif(
    not APPLICATIONS,
    reason="madoguchi.applications.services.submit_application is not installed; the metric is "
    "covered over Events in test_online_share_is_the_exact_ratio_over_submitted_events",
)
def test_online_share_of_applications_made_through_the_service_layer(genkyo, resident, childcare_staff):
    from django.utils import timezone

    from madoguchi.applications.services import register_paper_application, submit_application
    from madoguchi.core.japanese.fiscal import fiscal_year
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.identity.testing import resident_user

    for _ in range(3):
        applicant = PersonFactory()
        submit_application(
            genkyo, applicant=applicant, data=genkyo_data(), channel="online", by=resident_user(applicant)
        )
    register_paper_application(
        genkyo, applicant=resident, data=genkyo_data(), channel="counter", by=childcare_staff
    )

    this_year = fiscal_year(timezone.now())
    assert metrics.get("applications.online_share").compute(this_year, None) == 75.0
    assert metrics.get("applications.count").breakdown(this_year, None) == {"counter": 1, "online": 3}
    assert metrics.get("applications.online_applicants").compute(this_year, None) == 3
