import pytest
from django.urls import reverse

from madoguchi.applications.services import get_application
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import PersonFactory, staff_member
from madoguchi.identity.testing import login_staff, staff_with_mfa
from madoguchi.procedures.editor import rows_to_schema, schema_to_rows

pytestmark = pytest.mark.django_db


def _post_from(page):
    """The editor's form as the browser would send it, from the rendered initial values."""
    rows = page.context["rows"]
    meta = page.context["meta"]
    data = {
        f"rows-{k}": v
        for k, v in [
            ("TOTAL_FORMS", len(rows.forms)),
            ("INITIAL_FORMS", 0),
            ("MIN_NUM_FORMS", 0),
            ("MAX_NUM_FORMS", 1000),
        ]
    }
    for i, form in enumerate(rows.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            data[f"rows-{i}-{name}"] = "on" if value is True else value
    for name in meta.fields:
        value = meta.initial.get(name)
        if isinstance(value, list):
            data[name] = value
        elif value is True:
            data[name] = "on"
        elif value is not None and value is not False:
            data[name] = value
    return data


def test_rows_round_trip_keeps_the_schema(genkyo):
    version = genkyo.current_version
    schema, ui = rows_to_schema(
        schema_to_rows(version.schema, version.ui_schema), version.schema, version.ui_schema
    )
    assert schema == version.schema


def test_staff_add_a_field_and_publish_a_new_version(client, genkyo, departments):
    login_staff(
        client,
        staff_with_mfa(staff_member(departments["kodomo-shien"], StaffRole.Role.REVIEW, username="editor")),
    )
    url = reverse("procedures_staff:edit", args=["jidou-teate-genkyo"])
    page = client.get(url)
    assert page.status_code == 200
    data = _post_from(page)
    n = len(page.context["rows"].forms) - 2  # the first blank row
    data.update(
        {
            f"rows-{n}-step": "recipient",
            f"rows-{n}-name": "work_phone",
            f"rows-{n}-title": "勤務先の電話番号",
            f"rows-{n}-kind": "jp-phone",
        }
    )
    preview = client.post(url, {**data, "preview": "1"})
    assert "勤務先の電話番号" in preview.content.decode()
    assert genkyo.versions.count() == 1
    # an application started on version 1 keeps it
    resident = PersonFactory()
    from madoguchi.applications.services import start_application

    draft = start_application(genkyo, applicant=resident, by=None)
    response = client.post(url, {**data, "publish": "1"})
    assert response.status_code == 302, (
        response.context["meta"].errors,
        response.context["rows"].errors,
        [str(m) for m in response.context["messages"]],
    )
    genkyo.refresh_from_db()
    assert genkyo.current_version.number == 2
    assert "work_phone" in genkyo.current_version.schema["properties"]["recipient"]["properties"]
    assert get_application(pk=draft.pk).procedure_version.number == 1


def test_other_department_cannot_edit(client, genkyo, departments):
    login_staff(
        client,
        staff_with_mfa(staff_member(departments["kaigo"], StaffRole.Role.REVIEW, username="kaigo-editor")),
    )
    assert client.get(reverse("procedures_staff:edit", args=["jidou-teate-genkyo"])).status_code == 403


# ---------------------------------------------------------------- conditions (ui_schema show_if)


@pytest.fixture
def tenshutsu(departments):
    from madoguchi.procedures.services import load_procedure_definition

    from .conftest import definition

    return load_procedure_definition(definition("tenshutsu"))


@pytest.fixture
def shimin_editor(client, departments):
    login_staff(
        client,
        staff_with_mfa(staff_member(departments["shimin"], StaffRole.Role.REVIEW, username="shimin-editor")),
    )
    return client


def _row(page, path):
    step, name = path.split(".")
    return next(
        i
        for i, form in enumerate(page.context["rows"].forms)
        if form.initial.get("step") == step and form.initial.get("name") == name
    )


def test_rows_round_trip_keeps_the_conditions(tenshutsu):
    version = tenshutsu.current_version
    _schema, ui = rows_to_schema(
        schema_to_rows(version.schema, version.ui_schema), version.schema, version.ui_schema
    )
    assert ui["fields"]["move.remaining_head_name"]["show_if"] == {
        "field": "move.whole_household",
        "equals": False,
    }
    assert ui == version.ui_schema


def test_editing_a_conditional_field_keeps_its_condition_and_the_preview_shows_it(shimin_editor, tenshutsu):
    url = reverse("procedures_staff:edit", args=["tenshutsu"])
    page = shimin_editor.get(url)
    data = _post_from(page)
    data[f"rows-{_row(page, 'move.remaining_head_name')}-title"] = "残る世帯の世帯主"
    preview = shimin_editor.post(url, {**data, "preview": "1"}).content.decode()
    assert "表示条件: 「世帯全員が転出する」にチェックしていない場合" in preview
    assert shimin_editor.post(url, {**data, "publish": "1"}).status_code == 302
    version = tenshutsu.current_version
    assert version.number == 2
    assert (
        version.schema["properties"]["move"]["properties"]["remaining_head_name"]["title"]
        == "残る世帯の世帯主"
    )
    assert version.ui_schema["fields"]["move.remaining_head_name"]["show_if"] == {
        "field": "move.whole_household",
        "equals": False,
    }


def test_a_condition_that_no_longer_fits_is_refused_with_the_reason(shimin_editor, tenshutsu):
    url = reverse("procedures_staff:edit", args=["tenshutsu"])
    page = shimin_editor.get(url)
    data = _post_from(page)
    data[f"rows-{_row(page, 'move.whole_household')}-name"] = ""  # remove the controlling field
    preview = shimin_editor.post(url, {**data, "preview": "1"}).content.decode()
    assert "move.remaining_head_name の表示条件の項目 move.whole_household が様式にありません。" in preview
    response = shimin_editor.post(url, {**data, "publish": "1"})
    assert response.status_code == 200
    assert "move.whole_household が様式にありません" in response.content.decode()
    assert tenshutsu.versions.count() == 1
