"""procedures.services.update_procedure: the editor's fields and its form version are one change,
checked and recorded (issue 15: the page used to save the fields first, outside the version's
transaction and without an Event)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from madoguchi.core.events import events_for
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import login_staff, staff_with_mfa
from madoguchi.procedures.services import Verb, search_procedures, update_procedure

from .test_editor import _post_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(departments):
    return staff_with_mfa(staff_member(departments["kodomo-shien"], StaffRole.Role.REVIEW, username="editor"))


def test_changing_the_fee_is_recorded_with_who_changed_what(genkyo, editor):
    assert update_procedure(genkyo, by=editor, changes={"fee": 300, "name": genkyo.name}) is None
    genkyo.refresh_from_db()
    assert genkyo.fee == 300
    event = events_for(genkyo).last()
    assert (event.verb, event.actor, event.data) == (Verb.UPDATED, editor, {"fields": ["fee"]})


def test_nothing_changed_writes_nothing(genkyo, editor):
    before = events_for(genkyo).count()
    update_procedure(
        genkyo,
        by=editor,
        changes={"fee": genkyo.fee},
        schema=genkyo.current_version.schema,
        ui_schema=genkyo.current_version.ui_schema,
    )
    assert events_for(genkyo).count() == before
    assert genkyo.versions.count() == 1


def test_a_refused_form_leaves_the_fields_as_they_were(genkyo, editor):
    with pytest.raises(ValidationError):
        update_procedure(
            genkyo, by=editor, changes={"fee": 300, "is_published": False}, schema={"type": "string"}
        )
    genkyo.refresh_from_db()
    assert (genkyo.fee, genkyo.is_published) == (0, True)
    assert not events_for(genkyo).filter(verb=Verb.UPDATED).exists()


def test_another_departments_staff_may_not(genkyo, departments):
    kaigo = staff_member(departments["kaigo"], StaffRole.Role.REVIEW, username="kaigo-editor")
    with pytest.raises(PermissionDenied):
        update_procedure(genkyo, by=kaigo, changes={"fee": 300})
    genkyo.refresh_from_db()
    assert genkyo.fee == 0


def test_a_new_name_is_found_by_search(genkyo, editor):
    update_procedure(
        genkyo,
        by=editor,
        changes={"name": "児童手当の現況の届出", "kana": "じどうてあてのげんきょうのとどけで"},
    )
    assert list(search_procedures("げんきょうのとどけで")) == [genkyo]


def test_the_editor_page_saves_fields_and_refuses_a_bad_form_whole(client, genkyo, editor):
    login_staff(client, editor)
    url = reverse("procedures_staff:edit", args=["jidou-teate-genkyo"])
    data = _post_from(client.get(url))
    data["fee"] = "200"
    assert client.post(url, data).status_code == 302
    genkyo.refresh_from_db()
    assert genkyo.fee == 200
    assert events_for(genkyo).filter(verb=Verb.UPDATED, actor=editor, data={"fields": ["fee"]}).exists()
    data["fee"] = "500"
    data["raw_schema"] = '{"type": "string"}'
    response = client.post(url, {**data, "publish": "1"})
    assert response.status_code == 200
    genkyo.refresh_from_db()
    assert genkyo.fee == 200  # the refused save changed nothing
