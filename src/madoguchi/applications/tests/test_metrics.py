"""1-ア「行政手続利用者のうち、オンラインサービスを利用した人数、割合」: people, not applications,
in the 年度 each application was received in."""

import datetime as dt

import pytest

from madoguchi.applications.services import register_paper_application, submit_application
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import Event
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity.testing import resident_user
from madoguchi.pdca.metrics import metrics

from .conftest import genkyo_data

pytestmark = pytest.mark.django_db


def online(genkyo, person, received_at):
    application = submit_application(
        genkyo, applicant=person, data=genkyo_data(), channel="online", by=resident_user(person)
    )
    application.__class__.objects.filter(pk=application.pk).update(submitted_at=received_at)
    return application


def paper(genkyo, person, staff, received_at, channel="paper"):
    return register_paper_application(
        genkyo, applicant=person, data=genkyo_data(), channel=channel, by=staff, received_at=received_at
    )


def test_online_share_counts_persons_not_applications(genkyo, resident, childcare_staff):
    """One resident applies online twice and on paper once; another only on paper: 1 of 2 people."""
    when = dt.datetime(2025, 6, 2, 10, 0, tzinfo=JST)
    online(genkyo, resident, when)
    online(genkyo, resident, when + dt.timedelta(days=30))
    paper(genkyo, resident, childcare_staff, when + dt.timedelta(days=60))
    paper(genkyo, PersonFactory(), childcare_staff, when)

    assert metrics.get("online-procedure-users").value(2025) == 1
    assert metrics.get("online-procedure-user-rate").value(2025) == 50.0
    assert metrics.get("online-procedure-user-rate").breakdown(2025, None) == {"online": 1, "paper": 2}
    assert metrics.get("applications.received").value(2025) == 4  # the applications, for comparison
    assert metrics.get("online-procedure-user-rate").value(2024) is None  # nobody: nothing to measure


def test_paper_received_on_31_march_and_keyed_in_on_2_april_counts_in_the_earlier_year(
    genkyo, resident, childcare_staff
):
    received = dt.datetime(2025, 3, 31, 16, 30, tzinfo=JST)
    application = paper(genkyo, resident, childcare_staff, received)
    keyed_in = dt.datetime(2025, 4, 2, 9, 15, tzinfo=JST)
    Event.objects.filter(subject_type="applications.application", subject_id=str(application.pk)).update(
        time=keyed_in
    )

    received_count = metrics.get("applications.received")
    assert (received_count.value(2024), received_count.value(2025)) == (1, 0)
    rate = metrics.get("online-procedure-user-rate")
    assert (rate.value(2024), rate.value(2025)) == (0.0, None)
    [record] = rate.drill(2024, None)
    assert record.month == "2025-03" and record.department == application.department.name
    assert not record.counted  # on paper: a user, not an online user


def test_fiscal_year_of_an_online_application_turns_at_midnight_jst(genkyo, resident, other_resident):
    online(genkyo, resident, dt.datetime(2025, 3, 31, 23, 59, 59, tzinfo=JST))
    online(genkyo, other_resident, dt.datetime(2025, 4, 1, 0, 0, tzinfo=JST))
    users = metrics.get("online-procedure-users")
    assert (users.value(2024), users.value(2025)) == (1, 1)


def test_a_draft_never_received_is_no_use(genkyo, resident):
    from madoguchi.applications.models import Application

    Application.objects.create(
        procedure=genkyo,
        procedure_version=genkyo.current_version,
        applicant=resident,
        department=genkyo.department,
        created_at=dt.datetime(2025, 6, 1, tzinfo=JST),
    )
    assert metrics.get("online-procedure-users").value(2025) == 0
    assert metrics.get("online-procedure-user-rate").value(2025) is None
