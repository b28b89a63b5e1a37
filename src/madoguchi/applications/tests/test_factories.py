"""The factories other apps' tests build applications with make cases the services accept."""

import pytest

from madoguchi.applications import services
from madoguchi.applications.tests.factories import ApplicationFactory, InternalNoteFactory
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member

pytestmark = pytest.mark.django_db


def test_a_factory_draft_is_the_applicants_and_not_received():
    draft = ApplicationFactory()
    assert services.is_draft(draft)
    assert draft.department == draft.procedure.department
    assert draft.procedure_version.procedure == draft.procedure
    assert draft.receipt_number is None


def test_a_submitted_factory_case_goes_through_the_workflow():
    case = ApplicationFactory(submitted=True)
    reviewer = staff_member(case.department, StaffRole.Role.REVIEW)
    assert services.access_case(reviewer, pk=case.pk) == case  # in the department's inbox
    services.start_review(case, by=reviewer)
    case.refresh_from_db()
    assert case.state == services.State.UNDER_REVIEW
    assert [e.verb for e in case.events()] == ["review_started"]


def test_a_factory_note_is_on_a_received_case():
    note = InternalNoteFactory()
    assert note.application.receipt_number and note.author.is_staff
