import pytest
from django.urls import reverse

from madoguchi.applications.models import Application
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import PersonFactory, staff_member
from madoguchi.identity.testing import staff_with_mfa
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
    client.force_login(
        staff_with_mfa(staff_member(departments["kodomo-shien"], StaffRole.Role.REVIEW, username="editor"))
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
    assert Application.objects.get(pk=draft.pk).procedure_version.number == 1


def test_other_department_cannot_edit(client, genkyo, departments):
    client.force_login(
        staff_with_mfa(staff_member(departments["kaigo"], StaffRole.Role.REVIEW, username="kaigo-editor"))
    )
    assert client.get(reverse("procedures_staff:edit", args=["jidou-teate-genkyo"])).status_code == 403
