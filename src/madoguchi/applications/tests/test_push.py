import datetime

import pytest
from django.utils import timezone

from madoguchi.applications.models import PushInvitation, State
from madoguchi.applications.push import send_push_invitations
from madoguchi.applications.services import approve, start_review, submit_application, submit_draft
from madoguchi.core.models import Notification
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity.testing import resident_user
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import definition

pytestmark = pytest.mark.django_db


def test_child_allowance_status_report_invites_parents_with_a_prefilled_draft(genkyo, resident):
    PersonFactory(household=resident.household, relationship="子", birth_date=datetime.date(2019, 1, 1))
    today = datetime.date(2026, 5, 20)
    sent = send_push_invitations(genkyo, today=today)
    assert [i.person for i in sent] == [resident]
    invitation = sent[0]
    assert invitation.deadline == datetime.date(2026, 6, 30)
    assert invitation.draft.state == State.DRAFT
    assert invitation.draft.data["recipient"]["address"] == resident.address  # prefilled
    assert Notification.objects.filter(template="applications/notifications/invitation").count() == 1
    assert send_push_invitations(genkyo, today=today) == []  # once per period
    # answered when the resident submits the draft
    from .conftest import genkyo_data

    draft = invitation.draft
    draft.data = genkyo_data()
    draft.save()
    submit_draft(draft, by=resident_user(resident))
    invitation.refresh_from_db()
    assert invitation.status == PushInvitation.Status.ANSWERED


def test_too_early_in_the_year_sends_nothing(genkyo, resident):
    PersonFactory(household=resident.household, relationship="子", birth_date=datetime.date(2019, 1, 1))
    assert send_push_invitations(genkyo, today=datetime.date(2026, 1, 10)) == []


def test_care_renewal_within_60_days(departments, resident, kaigo_staff):
    from madoguchi.applications.examples import example_data

    nintei = load_procedure_definition(definition("kaigo-koshin-nintei"))
    app = submit_application(
        nintei,
        applicant=resident,
        data=example_data(nintei.current_version.schema),
        channel="postal",
        by=kaigo_staff,
    )
    start_review(app, by=kaigo_staff)
    approve(app, by=kaigo_staff)
    decided = timezone.localtime(app.decided_at).date()
    assert send_push_invitations(nintei, today=decided) == []  # a year away
    sent = send_push_invitations(nintei, today=decided + datetime.timedelta(days=320))
    assert [i.person for i in sent] == [resident]
