"""The tools register (デジタルツールの台帳) per department, the pilots (実証実験) of tools that BPR
named as candidates, and the 標準化導入・移行計画's work stages; and the figures the plan's
indicators read from them (automation/metrics.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year_range
from madoguchi.core.models import Department

from ..events import Verb
from ..models import DigitalTool, MigrationStage, Pilot, ProcedureReview, StandardSystem, ToolKind

if TYPE_CHECKING:
    from madoguchi.core.models import User

# 課 and 室 are the divisions the plan counts (業務の効率化を図るデジタル技術を導入している課の割合); 部 are not.
DIVISION_KINDS = (Department.Kind.KA, Department.Kind.SHITSU)


def _check(by, department_id: int | None) -> None:
    if by is not None:
        access.require(by, access.AUTOMATION_MANAGE, department_id)


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic
def register_tool(
    department: Department, *, by: User | None, kind: str, name: str, used_from: date, note: str = ""
) -> DigitalTool:
    """A digital tool the department has put to work (RPA, AI-OCR, chatbot, e-forms …)."""
    _check(by, department.pk)
    errors: dict[str, list[str]] = {}
    if kind not in ToolKind.values:
        errors["kind"] = [_("種類を選んでください。")]
    if not (name or "").strip():
        errors["name"] = [_("名称を入力してください。")]
    if used_from is None:
        errors["used_from"] = [_("利用開始日を入力してください。")]
    if errors:
        raise ValidationError(errors)
    tool = DigitalTool.objects.create(
        department=department, kind=kind, name=name.strip(), used_from=used_from, note=(note or "").strip()
    )
    record_event(
        tool, verb=Verb.TOOL_REGISTERED, actor=_actor(by), data={"kind": kind, "department": department.code}
    )
    return tool


def note_tool_in_use(department: Department, *, kind: str, name: str, on: date) -> DigitalTool:
    """The register learns of a tool from its own records: another app (the assistant answering
    for a department, the paper intake keying its forms) calls this when the department first uses
    it. Idempotent: a tool of that kind already in use on `on` is returned unchanged."""
    current = (
        DigitalTool.objects.filter(department=department, kind=kind, used_from__lte=on)
        .filter(Q(used_until__isnull=True) | Q(used_until__gte=on))
        .first()
    )
    return current or register_tool(department, by=None, kind=kind, name=name, used_from=on)


@transaction.atomic
def retire_tool(tool: DigitalTool, *, by: User | None, used_until: date) -> DigitalTool:
    _check(by, tool.department_id)
    if used_until < tool.used_from:
        raise ValidationError({"used_until": [_("利用終了日は利用開始日以降の日付にしてください。")]})
    tool.used_until = used_until
    tool.save(update_fields=["used_until"])
    record_event(tool, verb=Verb.TOOL_RETIRED, actor=_actor(by), data={"used_until": used_until.isoformat()})
    return tool


@transaction.atomic
def start_pilot(
    department: Department,
    *,
    by: User | None,
    kind: str,
    tool_name: str,
    purpose: str,
    started_on: date,
    review: ProcedureReview | None = None,
) -> Pilot:
    """実証実験を始める: a tool BPR named as a candidate (optionally for one inventoried procedure)."""
    _check(by, department.pk)
    errors: dict[str, list[str]] = {}
    if kind not in ToolKind.values:
        errors["kind"] = [_("種類を選んでください。")]
    if not (tool_name or "").strip():
        errors["tool_name"] = [_("ツールの名称を入力してください。")]
    if not (purpose or "").strip():
        errors["purpose"] = [_("実証実験の目的を入力してください。")]
    if started_on is None:
        errors["started_on"] = [_("開始日を入力してください。")]
    if review is not None and review.department_id != department.pk:
        errors["review"] = [_("同じ部署の手続を選んでください。")]
    if errors:
        raise ValidationError(errors)
    pilot = Pilot.objects.create(
        department=department,
        kind=kind,
        tool_name=tool_name.strip(),
        purpose=purpose.strip(),
        started_on=started_on,
        review=review,
    )
    record_event(
        pilot, verb=Verb.PILOT_STARTED, actor=_actor(by), data={"kind": kind, "department": department.code}
    )
    return pilot


@transaction.atomic
def conclude_pilot(pilot: Pilot, *, by: User | None, result: str, ended_on: date, findings: str) -> Pilot:
    """実証実験の結果: adopted (導入) or not (見送り), when it ended and what was learned."""
    _check(by, pilot.department_id)
    errors: dict[str, list[str]] = {}
    if result not in (Pilot.Result.ADOPTED, Pilot.Result.NOT_ADOPTED):
        errors["result"] = [_("結果（導入または見送り）を選んでください。")]
    if ended_on is None or ended_on < pilot.started_on:
        errors["ended_on"] = [_("終了日は開始日以降の日付にしてください。")]
    if not (findings or "").strip():
        errors["findings"] = [_("結果の内容（効果・課題）を入力してください。")]
    if errors:
        raise ValidationError(errors)
    pilot.result = result
    pilot.ended_on = ended_on
    pilot.findings = findings.strip()
    pilot.save(update_fields=["result", "ended_on", "findings"])
    record_event(pilot, verb=Verb.PILOT_CONCLUDED, actor=_actor(by), data={"result": result})
    return pilot


@transaction.atomic
def record_stage_done(stage: MigrationStage, *, by: User | None, done_on: date) -> MigrationStage:
    """作業工程の完了: the stage of the system's migration finished on `done_on`."""
    _check(by, stage.system.department_id)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("完了日に未来の日付は入力できません。")]})
    stage.done_on = done_on
    stage.save(update_fields=["done_on"])
    record_event(
        stage.system,
        verb=Verb.STAGE_DONE,
        actor=_actor(by),
        data={"stage": stage.stage, "done_on": done_on.isoformat()},
    )
    return stage


# ---------------------------------------------------------------- reads


def tools_for(user) -> QuerySet[DigitalTool]:
    departments = access.departments_where(user, access.AUTOMATION_MANAGE)
    return DigitalTool.objects.filter(department__in=departments).select_related("department")


def pilots_for(user) -> QuerySet[Pilot]:
    departments = access.departments_where(user, access.AUTOMATION_MANAGE)
    return Pilot.objects.filter(department__in=departments).select_related("department", "review")


def access_pilot(user, pk: int) -> Pilot:
    return access.load(Pilot.objects.select_related("department"), user, access.AUTOMATION_MANAGE, pk=pk)


def access_tool(user, pk: int) -> DigitalTool:
    return access.load(
        DigitalTool.objects.select_related("department"), user, access.AUTOMATION_MANAGE, pk=pk
    )


def stages_for(user) -> QuerySet[MigrationStage]:
    departments = access.departments_where(user, access.AUTOMATION_MANAGE)
    return MigrationStage.objects.filter(system__department__in=departments).select_related(
        "system", "system__department"
    )


def access_stage(user, pk: int) -> MigrationStage:
    return access.load(
        MigrationStage.objects.select_related("system"),
        user,
        access.AUTOMATION_MANAGE,
        department=lambda stage: stage.system.department_id,
        pk=pk,
    )


def year_so_far(fiscal_year: int) -> tuple[date, date]:
    """The 年度's first day and its last day so far (a year still running counts up to today)."""
    first, last = fiscal_year_range(fiscal_year)
    return first, min(last, timezone.localdate())


def divisions() -> QuerySet[Department]:
    return Department.objects.filter(kind__in=DIVISION_KINDS)


def tools_in_use(fiscal_year: int) -> QuerySet[DigitalTool]:
    """Tools in use at some time of the 年度 (so far)."""
    first, last = year_so_far(fiscal_year)
    return DigitalTool.objects.filter(used_from__lte=last).filter(
        Q(used_until__isnull=True) | Q(used_until__gte=first)
    )


def adoption_rate(fiscal_year: int) -> float | None:
    """Percent of the divisions (課・室) with a digital tool in use in the 年度. None without
    divisions, or while the register holds no tool begun by the 年度's end: a register not kept
    yet is データなし, not 0%."""
    total = divisions().count()
    if not total or not DigitalTool.objects.filter(used_from__lte=year_so_far(fiscal_year)[1]).exists():
        return None
    adopted = divisions().filter(pk__in=tools_in_use(fiscal_year).values("department_id")).count()
    return round(100 * adopted / total, 1)


def pilots_started(fiscal_year: int) -> QuerySet[Pilot]:
    first, last = year_so_far(fiscal_year)
    return Pilot.objects.filter(started_on__gte=first, started_on__lte=last)


@dataclass(frozen=True)
class StageProgress:
    planned: int  # stages due by the day
    done: int  # stages finished by the day
    percent: float | None


def standardization_progress(fiscal_year: int) -> StageProgress:
    """実績／予定 at the 年度's end (or today): stages done ÷ stages planned to be done by then."""
    _first, last = year_so_far(fiscal_year)
    planned = MigrationStage.objects.filter(planned_on__lte=last).count()
    done = MigrationStage.objects.filter(done_on__lte=last).count()
    return StageProgress(planned, done, round(100 * done / planned, 1) if planned else None)


def standard_systems() -> QuerySet[StandardSystem]:
    return StandardSystem.objects.select_related("department").prefetch_related("stages")
