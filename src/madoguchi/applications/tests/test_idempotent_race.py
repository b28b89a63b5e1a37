"""The idempotent submit, on every database (SQLite included).

A submit does not look for an earlier application first: it inserts, and the unique
(applicant, Idempotency-Key) refuses a second insert, whether the second submit is a retry long
after or a double click racing the first. submit_application then answers with the application
the first one created. On PostgreSQL test_postgres_concurrency.py races two real threads.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madoguchi.applications.models import Application
from madoguchi.applications.services import submit_application
from madoguchi.core import audit
from madoguchi.core.models import Event
from madoguchi.identity.testing import resident_user

from .conftest import genkyo_data

pytestmark = pytest.mark.django_db
KEY = "double-click-key"


def _sql(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


def _submit(procedure, resident, user):
    return submit_application(
        procedure, applicant=resident, data=genkyo_data(), channel="online", by=user, idempotency_key=KEY
    )


def test_a_first_submit_does_not_look_its_key_up(genkyo, resident):
    with CaptureQueriesContext(connection) as captured:
        _submit(genkyo, resident, resident_user(resident))
    assert "idempotency_key" in " ".join(_sql(captured))  # the INSERT writes it
    assert not [q for q in _sql(captured) if q.startswith("SELECT") and "idempotency_key" in q]


def test_a_repeated_submit_is_refused_by_the_key_and_returns_the_first(genkyo, resident):
    user = resident_user(resident)
    first = _submit(genkyo, resident, user)
    with CaptureQueriesContext(connection) as captured:
        second = _submit(genkyo, resident, user)
    assert [q for q in _sql(captured) if 'INSERT INTO "applications_application"' in q]
    assert second.pk == first.pk and second.receipt_number == first.receipt_number
    assert second.was_repeated
    assert Application.objects.count() == 1
    assert Event.objects.filter(verb="submitted").count() == 1
    assert audit.verify().ok  # the loser's rolled-back Event left no audit entry behind


def test_without_a_key_the_constraint_does_not_merge_two_applications(genkyo, resident):
    """Two submits without a key are two applications: the fallback only applies to a key."""
    user = resident_user(resident)
    submit_application(genkyo, applicant=resident, data=genkyo_data(), channel="online", by=user)
    submit_application(genkyo, applicant=resident, data=genkyo_data(), channel="online", by=user)
    assert Application.objects.count() == 2


def test_a_retry_after_the_procedure_closed_still_gets_its_receipt(genkyo, resident):
    """A retry whose checks fail is answered from the first submit: an accepted application is
    never refused afterwards (here the procedure closed in between)."""
    user = resident_user(resident)
    first = _submit(genkyo, resident, user)
    genkyo.is_published = False
    genkyo.save(update_fields=["is_published"])
    second = _submit(genkyo, resident, user)
    assert second.pk == first.pk and second.was_repeated
    assert Event.objects.filter(verb="submitted").count() == 1


def test_a_draft_carrying_the_key_is_not_an_earlier_submission(genkyo, resident):
    """Only a submitted application answers a repeated key: a draft that carries it is submitted."""
    user = resident_user(resident)
    draft = _submit(genkyo, resident, user)
    Application.objects.filter(pk=draft.pk).update(state="draft", receipt_number="")
    Event.objects.filter(verb="submitted").delete()
    draft.refresh_from_db()
    submitted = submit_application(
        genkyo,
        applicant=resident,
        data=genkyo_data(),
        channel="online",
        by=user,
        idempotency_key=KEY,
        draft=draft,
    )
    assert submitted.pk == draft.pk and not getattr(submitted, "was_repeated", False)
    assert Application.objects.get(pk=draft.pk).state == "submitted"
    assert Event.objects.filter(verb="submitted").count() == 1


def test_a_key_is_the_residents_own(genkyo, resident, other_resident):
    """Two residents whose clients send the same key get one application each: another
    resident's application is never the answer to a key."""
    mine = _submit(genkyo, resident, resident_user(resident))
    theirs = _submit(genkyo, other_resident, resident_user(other_resident))
    assert theirs.pk != mine.pk and theirs.applicant == other_resident
    assert not getattr(theirs, "was_repeated", False)
    assert Application.objects.count() == 2


def test_a_closed_procedure_takes_no_new_application(genkyo, resident):
    from django.core.exceptions import ValidationError

    genkyo.is_published = False
    genkyo.save(update_fields=["is_published"])
    with pytest.raises(ValidationError) as refused:
        _submit(genkyo, resident, resident_user(resident))
    assert refused.value.messages == ["この手続は現在受け付けていません。"]
    assert not Application.objects.exists()


def test_a_procedure_not_offered_online_takes_paper_but_not_online(genkyo, resident, childcare_staff):
    from django.core.exceptions import ValidationError

    genkyo.channels = [c for c in genkyo.channels if c != "online"] or ["paper"]
    genkyo.save(update_fields=["channels"])
    user = resident_user(resident)
    with pytest.raises(ValidationError) as refused:
        submit_application(genkyo, applicant=resident, data=genkyo_data(), channel="online", by=user)
    assert refused.value.messages == ["この手続はオンラインでは受け付けていません。"]
    paper = submit_application(
        genkyo, applicant=resident, data=genkyo_data(), channel="paper", by=childcare_staff
    )
    assert paper.state == "submitted" and Application.objects.count() == 1
