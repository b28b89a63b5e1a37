"""Role-matrix cases for the procedure catalog (tests/quality/roles.py): the back office's editor."""

from tests.quality.roles import Decision, decision, refusal_of, staff_client

from madoguchi.applications.tests.roles import genkyo_procedure
from madoguchi.procedures.editor import FieldRowFormSet, schema_to_rows
from madoguchi.procedures.models import Procedure
from madoguchi.procedures.staff_views import ProcedureForm


def _as_post(form) -> dict:
    """What the browser sends for `form` as the editor shows it (unchecked boxes are absent)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = "on" if value is True else value
    return data


def editor_post(procedure: Procedure, **changes) -> dict:
    latest = procedure.versions.order_by("-number").first()
    rows = FieldRowFormSet(prefix="rows", initial=schema_to_rows(latest.schema, latest.ui_schema))
    data = {**_as_post(ProcedureForm(instance=procedure)), **_as_post(rows.management_form)}
    for form in rows:
        data.update(_as_post(form))
    return {**data, **changes}


@decision("procedure.edit")
def save_a_procedure_in_the_editor():
    procedure = genkyo_procedure()
    post = editor_post(procedure, name="児童手当の現況届（様式改正）")
    return Decision(
        department=procedure.department,
        perform=lambda user: refusal_of(
            staff_client(user).post(f"/staff/procedures/{procedure.code}/", post), ok=(302,)
        ),
        effect=lambda: Procedure.objects.get(pk=procedure.pk).name,
    )
