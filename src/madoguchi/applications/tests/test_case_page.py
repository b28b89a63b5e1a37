"""The case page (業務画面の申請): the application first with its actions beside it, decisions
asked to be confirmed, and a history naming who acted with their roles."""

import pytest
from django.utils import translation

from madoguchi.applications import services
from madoguchi.applications.display import actor_labels
from madoguchi.applications.models import Application, State
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import login_staff

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def named_staff(childcare_staff):
    childcare_staff.last_name, childcare_staff.first_name = "国分", "一郎"
    childcare_staff.save()
    return childcare_staff


def test_history_names_who_acted_with_their_roles(client, genkyo_application, named_staff):
    services.start_review(genkyo_application, by=named_staff)
    services.add_note(genkyo_application, by=named_staff, text="電話で確認済み")
    services.assign(genkyo_application, by=named_staff, assignee=named_staff)
    login_staff(client, named_staff)
    html = client.get(f"/staff/cases/{genkyo_application.public_id}/").content.decode()
    history = html[html.index('<ol class="timeline">') :]
    history = history[: history.index("</ol>")]
    assert "窓口\u3000花子（申請者）" in history
    assert "国分 一郎（受付・審査・決裁）" in history
    assert "resident-" not in history and "kodomo-staff" not in history
    # the assignee and the note's author by name too (the site header keeps the login name)
    page = html[html.index('class="case-layout"') :]
    assert "kodomo-staff" not in page
    assert page.count("国分 一郎") >= 4  # assignee, history ×2, the note; the choice of assignee
    assert "担当者の割当て" in history and ">assigned<" not in history


def test_staff_of_another_department_are_named_as_staff(genkyo_application, departments):
    outsider = staff_member(departments["kaigo"], R.APPROVAL, username="kaigo-chief")
    assert actor_labels(genkyo_application, [outsider]) == {outsider.pk: "kaigo-chief（職員）"}


def test_staff_without_a_name_are_shown_by_login_name(client, genkyo_application, childcare_staff):
    services.start_review(genkyo_application, by=childcare_staff)
    login_staff(client, childcare_staff)
    html = client.get(f"/staff/cases/{genkyo_application.public_id}/").content.decode()
    assert "kodomo-staff（受付・審査・決裁）" in html


def test_the_application_comes_first_and_its_actions_beside_it(staff_client, genkyo_application):
    html = staff_client.get(f"/staff/cases/{genkyo_application.public_id}/").content.decode()
    main, aside = html.index('class="case-main"'), html.index('class="case-actions"')
    assert main < html.index("申請内容") < html.index("経過") < aside < html.index('id="actions-title"')


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_decision_is_confirmed_first(staff_client, genkyo_application, childcare_staff, decision):
    services.start_review(genkyo_application, by=childcare_staff)
    page = staff_client.get(f"/staff/cases/{genkyo_application.public_id}/").content.decode()
    assert f'id="confirm-{decision}" name="confirm" value="yes" required' in page
    url = f"/staff/cases/{genkyo_application.public_id}/action/{decision}/"
    response = staff_client.post(url, {"reason": "要件を満たさない"}, follow=True)
    assert "取り消せない操作です" in response.content.decode()
    assert Application.objects.get(pk=genkyo_application.pk).state == State.UNDER_REVIEW
    staff_client.post(url, {"reason": "要件を満たさない", "confirm": "yes"})
    expected = State.APPROVED if decision == "approve" else State.REJECTED
    assert Application.objects.get(pk=genkyo_application.pk).state == expected


def test_the_history_in_english_uses_half_width_brackets(genkyo_application, named_staff):
    with translation.override("en"):
        labels = actor_labels(genkyo_application, [named_staff])
    assert labels == {named_staff.pk: "国分 一郎 (Reception, Review, Approval)"}
