"""Role-matrix cases for paper (tests/quality/roles.py)."""

from tests.quality.roles import Decision, decision

from madoguchi.paper import services
from madoguchi.paper.models import FieldReading, FormTemplate

from .factories import paper_procedure, read_form


@decision("paper.templates")
def generate_a_printable_form():
    procedure = paper_procedure()
    version = procedure.current_version
    return Decision(
        department=procedure.department,
        perform=lambda user: services.generate_template(version, by=user),
        effect=lambda: FormTemplate.objects.filter(procedure_version=version).count(),
    )


@decision("paper.intake")
def verify_a_field_read_by_ocr():
    form = read_form()
    reading = form.fields.get(key="applicant.full_name_kana")
    return Decision(
        department=form.department,
        perform=lambda user: services.verify_field(reading, by=user, value="カミノ ハナコ"),
        effect=lambda: FieldReading.objects.get(pk=reading.pk).state,
    )
