"""Objects of automation for tests (and other apps' tests)."""

from __future__ import annotations

from datetime import date

from madoguchi.automation.models import (
    DigitalTool,
    MigrationStage,
    Pilot,
    ProcedureReview,
    Requirement,
    StandardSystem,
    ToolKind,
)
from madoguchi.core.tests.factories import DepartmentFactory


def procedure_review(
    department=None, *, code="test-review", name="テスト手続の棚卸し", **requirements
) -> ProcedureReview:
    """An inventoried procedure of `department` (a new one by default); each keyword `kind=label`
    adds a requirement under review (検討中)."""
    review = ProcedureReview.objects.create(
        procedure_code=code, procedure_name=name, department=department or DepartmentFactory()
    )
    for kind, label in requirements.items():
        Requirement.objects.create(review=review, kind=kind, label=label)
    return review


def digital_tool(
    department=None, *, kind=ToolKind.AI_OCR, name="AI-OCR", used_from=date(2024, 4, 1), used_until=None
):
    return DigitalTool.objects.create(
        department=department or DepartmentFactory(),
        kind=kind,
        name=name,
        used_from=used_from,
        used_until=used_until,
    )


def pilot(department=None, *, tool_name="RPA試行", started_on=date(2024, 6, 1), marker="") -> Pilot:
    return Pilot.objects.create(
        department=department or DepartmentFactory(),
        kind=ToolKind.RPA,
        tool_name=tool_name,
        purpose=marker or "入力作業の自動化",
        started_on=started_on,
    )


def migration_stage(
    department=None,
    *,
    code="juki",
    name="住民記録",
    stage=MigrationStage.Stage.ANALYSIS,
    planned_on,
    done_on=None,
) -> MigrationStage:
    system, _ = StandardSystem.objects.get_or_create(
        code=code, defaults={"name": name, "department": department or DepartmentFactory()}
    )
    return MigrationStage.objects.create(system=system, stage=stage, planned_on=planned_on, done_on=done_on)
