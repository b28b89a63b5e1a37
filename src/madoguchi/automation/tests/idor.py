"""IDOR registrations for automation routes (tests/quality/idor.py)."""

from datetime import date

from tests.quality.idor import IdorCase, object_factory

MARKER = "idor-automation-marker"  # shown only to the owning department's staff


@object_factory("automation_staff:inventory_procedure")
def inventory_page():
    from .factories import procedure_review

    review = procedure_review(code="idor-review", name=MARKER, seal="押印")
    return IdorCase(kwargs={"code": review.procedure_code}, department=review.department, marker=MARKER)


def _procedure():
    from madoguchi.procedures.tests.factories import ProcedureFactory

    return ProcedureFactory(code="idor-mining", name=MARKER)


@object_factory("automation_staff:mining")
def mining_page():
    procedure = _procedure()
    return IdorCase(kwargs={"code": procedure.code}, department=procedure.department, marker=MARKER)


@object_factory("api-v1:automation-mining")
def mining_api():
    procedure = _procedure()
    return IdorCase(kwargs={"code": procedure.code}, department=procedure.department, marker=procedure.code)


@object_factory("automation_staff:tool")
def tool_page():
    from .factories import digital_tool

    tool = digital_tool(name=MARKER)
    return IdorCase(kwargs={"pk": tool.pk}, department=tool.department, marker=MARKER)


@object_factory("automation_staff:pilot")
def pilot_page():
    from .factories import pilot

    item = pilot(tool_name=MARKER)
    return IdorCase(kwargs={"pk": item.pk}, department=item.department, marker=MARKER)


@object_factory("automation_staff:stage")
def stage_page():
    from .factories import migration_stage

    item = migration_stage(name=MARKER, planned_on=date(2024, 10, 1))
    return IdorCase(kwargs={"pk": item.pk}, department=item.system.department, marker=MARKER)


@object_factory("automation_staff:rule")
def rule_page():
    from madoguchi.automation.models import Rule
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import staff_member

    procedure = _procedure()
    owner = staff_member(procedure.department, StaffRole.Role.REVIEW, username="idor-rule-owner")
    rule = Rule.objects.create(
        department=procedure.department,
        name=MARKER,
        owner=owner,
        verb="submitted",
        procedure_code=procedure.code,
        action=Rule.Action.START_REVIEW,
    )
    return IdorCase(kwargs={"pk": rule.pk}, department=rule.department, marker=MARKER)
