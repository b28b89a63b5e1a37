"""The idempotent submit answers a repeated key with the resident's own application for that key,
and a receipt number belongs to the 年度 the application was received in (mutation gate survivors of
`submit_application`, docs/quality/mutation.md)."""

import datetime

import pytest

from madoguchi.applications.services import submit_application
from madoguchi.identity.testing import resident_user

from .conftest import genkyo_data
from .test_idempotent_race import KEY

pytestmark = pytest.mark.django_db
JST = datetime.timezone(datetime.timedelta(hours=9))


def _submit(procedure, person, key=KEY, **extra):
    return submit_application(
        procedure,
        applicant=person,
        data=genkyo_data(),
        channel="online",
        by=resident_user(person),
        idempotency_key=key,
        **extra,
    )


def test_the_race_is_answered_with_this_residents_application_not_anothers(genkyo, resident, other_resident):
    """Another resident's client sent the same key later: the loser of this resident's race still
    gets this resident's application (never another resident's, whatever the ordering)."""
    mine = _submit(genkyo, resident)
    theirs = _submit(genkyo, other_resident)
    again = _submit(genkyo, resident)
    assert theirs.pk != mine.pk
    assert again.pk == mine.pk and again.applicant == resident and again.was_repeated


def test_the_race_is_answered_with_the_application_of_that_key(genkyo, resident):
    """The resident filed another application since: the answer is the one with this key."""
    mine = _submit(genkyo, resident)
    later = _submit(genkyo, resident, key="another-key")
    again = _submit(genkyo, resident)
    assert later.pk != mine.pk
    assert again.pk == mine.pk and again.idempotency_key == KEY


def test_the_receipt_number_belongs_to_the_year_received(genkyo, resident, childcare_staff):
    """Posted on 31 March (令和7年度), registered afterwards: a 令和7年度 number, not this year's."""
    received = datetime.datetime(2026, 3, 31, 16, 0, tzinfo=JST)
    app = submit_application(
        genkyo,
        applicant=resident,
        data=genkyo_data(),
        channel="postal",
        by=childcare_staff,
        received_at=received,
    )
    assert app.receipt_number == "R7-000001"
    assert app.submitted_at == received
