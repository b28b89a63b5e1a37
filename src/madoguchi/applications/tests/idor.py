"""IDOR registrations for applications routes (tests/quality/idor.py): an application belongs to
its applicant and to the department that handles the procedure."""

from tests.quality.idor import IdorCase, object_factory


def _submitted():
    from madoguchi.applications.services import submit_application
    from madoguchi.applications.tests.conftest import genkyo_data
    from madoguchi.core.demo import DEPARTMENTS
    from madoguchi.core.models import Department
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.identity.testing import resident_user
    from madoguchi.procedures.services import load_procedure_definition
    from madoguchi.procedures.tests.conftest import definition

    for order, (code, name, name_en, kind, _parent, phone) in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone, "sort_order": order},
        )
    procedure = load_procedure_definition(definition("jidou-teate-genkyo"))
    resident = PersonFactory(family_name="窓口", given_name="花子")
    application = submit_application(
        procedure, applicant=resident, data=genkyo_data(), channel="online", by=resident_user(resident)
    )
    return application, resident, procedure.department


@object_factory("applications:detail", "applications:copy_pdf", "api-v1:application-detail")
def resident_view_of_an_application():
    application, resident, _ = _submitted()
    return IdorCase(
        kwargs={"public_id": application.public_id}, resident=resident, marker=application.receipt_number
    )


@object_factory("cases:case")
def staff_view_of_an_application():
    application, _, department = _submitted()
    return IdorCase(
        kwargs={"public_id": application.public_id}, department=department, marker=application.receipt_number
    )
