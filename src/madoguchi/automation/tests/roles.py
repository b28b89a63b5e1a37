"""Role-matrix cases for automation (tests/quality/roles.py)."""

from datetime import date

from tests.quality.roles import Decision, decision

from madoguchi.automation import services
from madoguchi.automation.models import Requirement

from .factories import procedure_review


@decision("automation.manage")
def decide_on_a_seal_in_the_inventory():
    review = procedure_review(code="role-matrix-review", seal="申請書への押印")
    requirement = review.requirements.get()
    return Decision(
        department=review.department,
        perform=lambda user: services.record_decision(
            requirement, by=user, decision=Requirement.Decision.ABOLISH, decided_on=date(2024, 1, 1)
        ),
        effect=lambda: Requirement.objects.get(pk=requirement.pk).decision,
    )


@decision("automation.rules")
def make_a_rule_for_the_divisions_procedure():
    from madoguchi.automation.models import Rule
    from madoguchi.procedures.tests.factories import ProcedureFactory

    procedure = ProcedureFactory(code="role-matrix-rules")
    return Decision(
        department=procedure.department,
        perform=lambda user: services.save_rule(
            procedure.department,
            by=user,
            name="受付で審査開始",
            verb="submitted",
            procedure_code=procedure.code,
            action="start_review",
        ),
        effect=lambda: Rule.objects.filter(procedure_code=procedure.code).count(),
    )
