"""Role-matrix cases for cases (申請) (tests/quality/roles.py): each runs the real service on a
submitted 児童手当現況届 of こども子育て支援課."""

from tests.quality.roles import Decision, decision

from madoguchi.applications import services
from madoguchi.applications.models import Application, InternalNote
from madoguchi.applications.tests.conftest import genkyo_data
from madoguchi.core.models import AuditEntry, Department
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity.testing import resident_user
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import definition


def genkyo_procedure():
    Department.objects.get_or_create(code="kodomo-shien", defaults={"name": "こども子育て支援課"})
    return load_procedure_definition(definition("jidou-teate-genkyo"))


def submitted_application() -> Application:
    procedure = genkyo_procedure()
    resident = PersonFactory(family_name="窓口", given_name="花子")
    return services.submit_application(
        procedure, applicant=resident, data=genkyo_data(), channel="online", by=resident_user(resident)
    )


def _state(application):
    return lambda: Application.objects.get(pk=application.pk).state


@decision("case.view")
def add_an_internal_note():
    application = submitted_application()
    return Decision(
        department=application.department,
        perform=lambda user: services.add_note(application, by=user, text="電話で確認済み"),
        effect=lambda: InternalNote.objects.filter(application=application).count(),
    )


@decision("case.register")
def register_a_paper_application():
    procedure = genkyo_procedure()
    resident = PersonFactory(family_name="窓口", given_name="花子")
    return Decision(
        department=procedure.department,
        perform=lambda user: services.register_paper_application(
            procedure, applicant=resident, data=genkyo_data(), by=user, channel="paper"
        ),
        effect=lambda: Application.objects.filter(procedure=procedure, applicant=resident).count(),
    )


@decision("case.review")
def start_the_review():
    application = submitted_application()
    return Decision(
        department=application.department,
        perform=lambda user: services.start_review(application, by=user),
        effect=_state(application),
    )


@decision("case.review")
def request_a_correction():
    application = submitted_application()
    return Decision(
        department=application.department,
        perform=lambda user: services.request_correction(
            application, by=user, reason="口座番号をご確認ください"
        ),
        effect=_state(application),
    )


@decision("case.decide")
def approve_a_case():
    application = submitted_application()
    return Decision(
        department=application.department,
        perform=lambda user: services.approve(application, by=user),
        effect=_state(application),
    )


@decision("case.decide")
def reject_a_case():
    application = submitted_application()
    return Decision(
        department=application.department,
        perform=lambda user: services.reject(application, by=user, reason="受給要件を満たしていません"),
        effect=_state(application),
    )


@decision("my_number.reveal")
def reveal_the_my_numbers_of_a_case():
    application = submitted_application()
    return Decision(
        department=application.department,
        perform=lambda user: services.reveal_my_numbers(application, by=user, purpose="受給資格の確認"),
        # The reveal is its audit entry; a refused attempt writes `my_number_reveal_denied` instead.
        effect=lambda: AuditEntry.objects.filter(
            action="my_number_revealed", object_id=str(application.pk)
        ).count(),
    )
