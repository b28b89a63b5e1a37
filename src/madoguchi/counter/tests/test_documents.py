"""Documents at the no-writing counter (issue 32): the documents a form's answers call for are
checked at the desk; staff tick each one the resident hands over, and the form cannot go to the
tablet or be filed without them (the one check of applications, on the counter channel too)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from madoguchi.applications.examples import example_data
from madoguchi.counter import services
from madoguchi.identity.testing import login_staff
from madoguchi.procedures.services import prune

pytestmark = pytest.mark.django_db


def _session_with_child_allowance(parent, counter_staff, method):
    session = services.start_counter_session(
        parent, life_event="tennyu", answers={"children": True, "nhi": True}, by=counter_staff
    )
    for form in session.forms.all():
        if form.procedure_code != "jidou-teate-nintei":
            services.save_counter_form(form, by=counter_staff, data=form.data, included=False)
    form = session.forms.get(procedure_code="jidou-teate-nintei")
    version = services.published_procedure(form.procedure_code).current_version
    data = example_data(version.schema)
    data["bank_account"]["method"] = method
    services.save_counter_form(form, by=counter_staff, data=prune(version.ui_schema, data))
    return session, form


def test_a_document_the_answers_call_for_is_ticked_at_the_desk(catalogue, counter_staff, family_with_child):
    parent, _child = family_with_child
    session, form = _session_with_child_allowance(parent, counter_staff, "指定の口座")
    assert "attachment-bankbook" in services.form_errors(form)
    with pytest.raises(ValidationError, match="入力が終わっていない申請書"):
        services.send_to_tablet(session, by=counter_staff)
    services.save_counter_form(form, by=counter_staff, data=form.data, documents_received=["bankbook"])
    assert "attachment-bankbook" not in services.form_errors(form)
    services.send_to_tablet(session, by=counter_staff)
    [application] = services.confirm_session(session, by=counter_staff, method="checkbox")
    assert application.channel == "counter"
    assert application.events().get(verb="submitted").data["documents_received"] == ["bankbook"]


def test_no_document_when_the_answers_do_not_call_for_it(catalogue, counter_staff, family_with_child):
    parent, _child = family_with_child
    session, form = _session_with_child_allowance(parent, counter_staff, "公金受取口座")
    assert "attachment-bankbook" not in services.form_errors(form)
    services.send_to_tablet(session, by=counter_staff)
    [application] = services.confirm_session(session, by=counter_staff, method="checkbox")
    assert "documents_received" not in application.events().get(verb="submitted").data


def test_the_form_page_has_a_box_per_document(client, catalogue, counter_staff, family_with_child):
    parent, _child = family_with_child
    session, form = _session_with_child_allowance(parent, counter_staff, "指定の口座")
    login_staff(client, counter_staff)
    url = reverse("counter:session_form", args=[session.token, form.pk])
    html = client.get(url).content.decode()
    assert "書類「振込先口座が確認できる書類" in html
    assert "「受取口座」で「指定の口座」を選んだ場合は必須" in html
    assert "を受け取って確認してください" in html
