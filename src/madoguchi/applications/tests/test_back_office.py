import csv
import io

import pytest
from django.urls import reverse

from madoguchi.applications.models import Application, State
from madoguchi.core.models import AuditEntry, StaffRole
from madoguchi.identity.testing import login_staff

from .conftest import genkyo_data

pytestmark = pytest.mark.django_db


def test_inbox_lists_department_cases(staff_client, genkyo_application):
    html = staff_client.get(reverse("cases:inbox")).content.decode()
    assert genkyo_application.receipt_number in html
    assert "あと" in html  # SLA countdown in business days


def test_staff_of_another_department_get_404(client, genkyo_application, kaigo_staff):
    """Another department's case is "not found": nothing tells an outsider which ids exist."""
    login_staff(client, kaigo_staff)
    assert client.get(reverse("cases:case", args=[genkyo_application.public_id])).status_code == 404
    response = client.post(reverse("cases:action", args=[genkyo_application.public_id, "approve"]))
    assert response.status_code == 404
    assert genkyo_application.receipt_number not in client.get(reverse("cases:inbox")).content.decode()
    Application.objects.get(state=State.SUBMITTED)


def test_case_actions(staff_client, genkyo_application):
    url = reverse("cases:case", args=[genkyo_application.public_id])
    assert staff_client.get(url).status_code == 200
    staff_client.post(reverse("cases:action", args=[genkyo_application.public_id, "start_review"]))
    staff_client.post(
        reverse("cases:action", args=[genkyo_application.public_id, "request_correction"]), {"reason": ""}
    )
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.UNDER_REVIEW  # a correction request needs a reason
    staff_client.post(
        reverse("cases:action", args=[genkyo_application.public_id, "request_correction"]),
        {"reason": "住所をご確認ください"},
    )
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.CORRECTION_REQUESTED
    html = staff_client.get(url).content.decode()
    assert "住所をご確認ください" in html


def test_bulk_and_export(staff_client, genkyo_application):
    staff_client.post(
        reverse("cases:bulk"), {"action": "start_review", "selected": [str(genkyo_application.public_id)]}
    )
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.UNDER_REVIEW
    response = staff_client.get(reverse("cases:export"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "受付番号"
    assert rows[1][0] == genkyo_application.receipt_number


def test_register_paper_application(staff_client, genkyo, resident):
    url = reverse("cases:register") + f"?procedure=jidou-teate-genkyo&person={resident.pk}"
    page = staff_client.get(url)
    assert page.status_code == 200
    post = {"channel": "postal", "idempotency_key": "paper-1"}
    for step, values in genkyo_data().items():
        for key, value in values.items():
            if key == "list":
                for i, item in enumerate(value):
                    for k, v in item.items():
                        post[f"{step}-list-{i}-{k}"] = v
            elif value is True:
                post[f"{step}-{key}"] = "on"
            elif value is not False:
                post[f"{step}-{key}"] = value
    response = staff_client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:3000]
    app = Application.objects.get()
    assert app.channel == "postal" and app.state == State.SUBMITTED
    assert app.events().get().verb == "submitted"


def test_my_number_reveal_needs_role_and_is_audited(client, departments, resident):
    import random

    from django.core.exceptions import PermissionDenied

    from madoguchi.applications.services import reveal_my_numbers
    from madoguchi.core.japanese import generate_my_number
    from madoguchi.core.tests.factories import staff_member
    from madoguchi.procedures.services import load_procedure_definition
    from madoguchi.procedures.tests.factories import definition

    proc = load_procedure_definition(definition("kaigo-hihokensha-sho-saikofu"))
    app_data = _valid_example(proc)
    number = generate_my_number(random.Random(1))
    _set_my_number(proc.current_version.schema, app_data, number)
    from madoguchi.applications.services import submit_application

    app = submit_application(proc, applicant=resident, data=app_data, channel="postal", by=None)
    assert number not in str(app.data)
    reviewer = staff_member(departments["kaigo"], StaffRole.Role.REVIEW, username="kaigo-r")
    with pytest.raises(PermissionDenied):
        reveal_my_numbers(app, by=reviewer, purpose="確認")
    officer = staff_member(departments["kaigo"], StaffRole.Role.MY_NUMBER, username="kaigo-mn")
    revealed = reveal_my_numbers(app, by=officer, purpose="被保険者の確認")
    assert number in revealed.values()
    assert AuditEntry.objects.filter(action="my_number_revealed", object_id=str(app.pk)).exists()
    assert AuditEntry.objects.filter(action="my_number_reveal_denied").exists()


def _set_my_number(schema, data, number):
    for key, sub in schema["properties"].items():
        for name, field in sub.get("properties", {}).items():
            if field.get("format") == "my-number":
                data.setdefault(key, {})[name] = number


def _valid_example(procedure):
    from madoguchi.applications.examples import example_data

    return example_data(procedure.current_version.schema)
