"""Separation of duties (職務の分離): who may decide a case, and the confirmation before it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from madoguchi.applications.models import State
from madoguchi.applications.services import (
    approve,
    reject,
    request_correction,
    resubmit,
    start_review,
)
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import login_staff, resident_user

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def examiner(departments):
    return staff_member(departments["kodomo-shien"], R.REVIEW, username="kodomo-shinsa")


@pytest.fixture
def chief(departments):
    return staff_member(departments["kodomo-shien"], R.APPROVAL, username="kodomo-kessai")


def test_a_review_only_user_cannot_approve_a_resubmitted_case(genkyo_application, examiner, resident):
    """Found by an attacker: 審査 alone took a resubmitted 現況届 straight to 承認."""
    start_review(genkyo_application, by=examiner)
    request_correction(genkyo_application, by=examiner, reason="口座番号をご確認ください")
    resubmit(genkyo_application, by=resident_user(resident))
    with pytest.raises(PermissionDenied, match="決裁"):
        approve(genkyo_application, by=examiner)
    with pytest.raises(PermissionDenied, match="決裁"):
        reject(genkyo_application, by=examiner, reason="不備")
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.RESUBMITTED


@pytest.mark.parametrize("role", [R.RECEPTION, R.REVIEW, R.MY_NUMBER, R.SYSADMIN, R.ACCOUNTING])
def test_only_the_approval_role_decides(genkyo_application, departments, role):
    clerk = staff_member(departments["kodomo-shien"], role, username=f"kodomo-{role}")
    with pytest.raises(PermissionDenied):
        approve(genkyo_application, by=clerk)
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.SUBMITTED


def test_approval_role_decides(genkyo_application, examiner, chief):
    start_review(genkyo_application, by=examiner)
    approve(genkyo_application, by=chief)
    assert genkyo_application.state == State.APPROVED


def test_where_the_procedure_asks_for_two_people_the_examiner_cannot_decide(genkyo_application, departments):
    procedure = genkyo_application.procedure
    procedure.decision_by_another = True
    procedure.save(update_fields=["decision_by_another"])
    both = staff_member(departments["kodomo-shien"], R.REVIEW, R.APPROVAL, username="kodomo-both")
    start_review(genkyo_application, by=both)
    with pytest.raises(PermissionDenied, match="別の職員"):
        approve(genkyo_application, by=both)
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.UNDER_REVIEW
    second = staff_member(departments["kodomo-shien"], R.APPROVAL, username="kodomo-second")
    approve(genkyo_application, by=second)
    assert genkyo_application.state == State.APPROVED


def test_one_person_may_examine_and_decide_where_the_procedure_allows(genkyo_application, departments):
    both = staff_member(departments["kodomo-shien"], R.REVIEW, R.APPROVAL, username="kodomo-both")
    start_review(genkyo_application, by=both)
    approve(genkyo_application, by=both)
    assert genkyo_application.state == State.APPROVED


@pytest.mark.parametrize("action", ["approve", "reject", "complete", "withdraw"])
def test_irreversible_actions_ask_for_confirmation(client, genkyo_application, chief, action):
    login_staff(client, chief)
    url = reverse("cases:action", args=[genkyo_application.public_id, action])
    response = client.post(url, {"reason": "理由"}, follow=True)
    assert "取り消せない操作です" in response.content.decode()
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.SUBMITTED


def test_confirmed_decision_goes_through(client, genkyo_application, chief):
    login_staff(client, chief)
    url = reverse("cases:action", args=[genkyo_application.public_id, "approve"])
    client.post(url, {"confirm": "yes"})
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.APPROVED


def test_bulk_decisions_ask_for_confirmation_too(client, genkyo_application, chief):
    login_staff(client, chief)
    data = {"action": "approve", "selected": [str(genkyo_application.public_id)]}
    client.post(reverse("cases:bulk"), data)
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.SUBMITTED
    client.post(reverse("cases:bulk"), {**data, "confirm": "yes"})
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.APPROVED
