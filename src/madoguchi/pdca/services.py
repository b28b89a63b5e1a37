"""PDCA domain operations: enter and approve an indicator's actual, record a review, and read the
figures the public pages, the open dataset, the API and the yearly report show."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year, format_fiscal_year
from madoguchi.core.models import Department, User
from madoguchi.core.pagecache import bump

from .events import Verb
from .models import Indicator, IndicatorValue, Initiative, Plan, Review, Target

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

Number = int | float | Decimal


def pdca_office_code() -> str:
    """The department that runs the plan's progress management (デジタル行政推進室)."""
    return getattr(settings, "MADOGUCHI_PDCA_OFFICE", "digital")


def current_fiscal_year() -> int:
    return fiscal_year(timezone.now())


def plan_years(plan: Plan) -> list[int]:
    """The fiscal years shown for a plan: its period, continued up to this fiscal year."""
    return list(range(plan.period_start_fy, max(plan.period_end_fy, current_fiscal_year()) + 1))


# --- permissions ------------------------------------------------------------------------------


def _departments(initiative: Initiative) -> list[int]:
    """The initiative's owning departments and the plan office (計画担当)."""
    ids = list(initiative.owner_departments.values_list("pk", flat=True))
    ids += Department.objects.filter(code=pdca_office_code()).values_list("pk", flat=True)
    return ids


def _may(user: User | AnonymousUser, permission: access.Permission, initiative: Initiative) -> bool:
    return any(access.can(user, permission, department) for department in _departments(initiative))


def can_edit(user: User | AnonymousUser, initiative: Initiative) -> bool:
    """Staff of an owning department or of the plan office may enter values and reviews."""
    return _may(user, access.INDICATOR_ENTER, initiative)


def can_approve(user: User | AnonymousUser, initiative: Initiative) -> bool:
    """決裁 or システム管理 in an owning department or the plan office (or a superuser)."""
    return _may(user, access.INDICATOR_APPROVE, initiative)


# --- operations -------------------------------------------------------------------------------


def is_site_home(url: str) -> bool:
    """A site's top page (https://www.city.example.jp/, …/index.html): it names no document."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path.strip("/")
    return path in ("", "index.html", "index.htm", "index.php")


def enter_value(
    indicator: Indicator,
    *,
    by: User,
    fiscal_year: int,
    value: Number,
    evidence_file=None,
    evidence_url: str = "",
    note: str = "",
) -> IndicatorValue:
    """実績値の入力: a manual actual with its evidence; public only after approval."""
    if not can_edit(by, indicator.initiative):
        raise PermissionDenied(_("この取組の指標を入力する権限がありません。"))
    if indicator.metric is not None:
        raise ValidationError(_("この指標は自動計算されるため、手入力できません。"))
    if evidence_url and not evidence_file and is_site_home(evidence_url):
        raise ValidationError(
            _(
                "証拠資料には、値の根拠となる文書やデータセットのURLを指定してください"
                "（ホームページのトップページは証拠資料になりません）。"
            )
        )
    with transaction.atomic():
        entry = IndicatorValue(
            indicator=indicator,
            fiscal_year=fiscal_year,
            value=Decimal(str(value)),
            evidence_url=evidence_url,
            note=note,
            entered_by=by,
        )
        if evidence_file:
            entry.evidence_file = evidence_file
        entry.full_clean(exclude=["entered_by", "approved_by"])
        entry.save()
        record_event(
            entry,
            verb=Verb.VALUE_ENTERED,
            actor=by,
            data={"indicator": indicator.key, "fiscal_year": fiscal_year, "value": str(entry.value)},
        )
    return entry


def approve_value(entry: IndicatorValue, *, by: User) -> IndicatorValue:
    """承認: a second person confirms the value and its evidence; then it is published."""
    if not can_approve(by, entry.indicator.initiative):
        raise PermissionDenied(_("この指標の値を承認する権限がありません。"))
    if entry.entered_by_id == by.pk:
        raise ValidationError(_("入力した本人は承認できません。別の職員が承認してください。"))
    if not entry.has_evidence:
        raise ValidationError(_("証拠資料（ファイルまたはURL）がない値は承認できません。"))
    if entry.approved_by_id:
        return entry
    with transaction.atomic():
        entry.approved_by = by
        entry.approved_at = timezone.now()
        entry.save(update_fields=["approved_by", "approved_at"])
        record_event(
            entry,
            verb=Verb.VALUE_APPROVED,
            actor=by,
            data={"indicator": entry.indicator.key, "fiscal_year": entry.fiscal_year},
        )
        bump("pdca")  # published on the plan pages at once
    return entry


def record_review(
    initiative: Initiative,
    *,
    by: User,
    fiscal_year: int,
    status: str,
    plan_note: str = "",
    do_note: str = "",
    check_note: str = "",
    act_note: str = "",
    decided_changes: str = "",
    resident_note: str = "",
) -> Review:
    """評価の記録: a new PDCA review row (earlier ones are kept as history)."""
    if not can_edit(by, initiative):
        raise PermissionDenied(_("この取組の評価を記録する権限がありません。"))
    if status not in Review.Status.values:
        raise ValidationError(_("進捗状況は「順調」「遅れ」「見直し」から選んでください。"))
    ensure_data_for_review(initiative, fiscal_year)
    with transaction.atomic():
        review = Review.objects.create(
            initiative=initiative,
            fiscal_year=fiscal_year,
            status=status,
            plan_note=plan_note,
            do_note=do_note,
            check_note=check_note,
            act_note=act_note,
            decided_changes=decided_changes,
            resident_note=resident_note,
            created_by=by,
        )
        record_event(
            review,
            verb=Verb.REVIEW_RECORDED,
            actor=by,
            data={"initiative": initiative.code, "fiscal_year": fiscal_year, "status": status},
        )
        bump("pdca")
    return review


# --- reading the figures ----------------------------------------------------------------------


@dataclass
class Point:
    fiscal_year: int
    actual: Number | None
    target: Number | None
    target_text: str
    source: str  # "metric" | "manual" | ""
    evidence_url: str = ""
    approved: bool = False
    after_period: bool = False  # the 年度 is after the plan's period (R7 onward for an R4–R6 plan)
    next_plan_target: bool = False  # the target is the next plan's, not this plan's
    in_progress: bool = False  # this 年度 is not over: the figure so far


def _target_map(indicator: Indicator) -> dict[int, tuple]:
    return {t.fiscal_year: (t.value, t.text) for t in indicator.targets.all()}


def _next_plan_targets(indicator: Indicator, plan: Plan, years: list[int]) -> dict[int, tuple]:
    """For years after the plan's period: the target that a later plan, whose period covers the
    year, sets for the indicator with the same key (the plan's successor carries it on)."""
    later = [fy for fy in years if fy > plan.period_end_fy]
    if not later:
        return {}
    targets = (
        Target.objects.filter(indicator__key=indicator.key, fiscal_year__in=later)
        .exclude(indicator__initiative__plan=plan)
        .filter(
            indicator__initiative__plan__period_start_fy__lte=F("fiscal_year"),
            indicator__initiative__plan__period_end_fy__gte=F("fiscal_year"),
        )
    )
    return {t.fiscal_year: (t.value, t.text) for t in targets}


def _manual_map(indicator: Indicator, *, public: bool) -> dict[int, IndicatorValue]:
    values = IndicatorValue.public() if public else IndicatorValue.objects.order_by("-entered_at", "-pk")
    latest: dict[int, IndicatorValue] = {}
    for entry in values.filter(indicator=indicator):
        latest.setdefault(entry.fiscal_year, entry)
    return latest


def records_start_fiscal_year() -> int | None:
    """The first 年度 with any Event: before it the platform was not running, so metrics say nothing."""
    from madoguchi.core.models import Event

    first = Event.objects.order_by("time").values_list("time", flat=True).first()
    return fiscal_year(first) if first else None


def series(indicator: Indicator, years: list[int], *, public: bool = True) -> list[Point]:
    """Actual and target per fiscal year. Public: manual values only with evidence and approval.

    A metric is computed for the years the platform has records for (or, reading published
    statistics, any year), up to this 年度."""
    metric = indicator.metric
    plan = indicator.initiative.plan
    targets = _target_map(indicator)
    later_targets = _next_plan_targets(indicator, plan, years)
    manual = {} if metric else _manual_map(indicator, public=public)
    this_year = current_fiscal_year()
    first_year = records_start_fiscal_year() if metric and not metric.statistics else None
    points = []
    for fy in years:
        target, target_text = targets.get(fy, (None, ""))
        from_next = False
        if fy not in targets and fy in later_targets:
            (target, target_text), from_next = later_targets[fy], True
        if metric is not None:
            since = metric.statistics or (first_year is not None and first_year <= fy)
            measured = since and fy <= this_year
            actual = metric.compute(fy, indicator.metric_scope or None) if measured else None
            points.append(Point(fy, actual, target, target_text, "metric" if actual is not None else ""))
        elif fy in manual:
            entry = manual[fy]
            url = entry.evidence_url or (entry.evidence_file.url if entry.evidence_file else "")
            points.append(
                Point(
                    fy,
                    entry.value,
                    target,
                    target_text,
                    "manual",
                    url,
                    approved=entry.approved_by_id is not None,
                )
            )
        else:
            points.append(Point(fy, None, target, target_text, ""))
        points[-1].after_period = fy > plan.period_end_fy
        points[-1].next_plan_target = from_next
        points[-1].in_progress = fy == this_year
    return points


def format_value(value: Number | None, unit: str = "") -> str:
    if value is None:
        return "—"
    number = float(value)
    if unit == "%":
        text = f"{number:.1f}"
    elif number == int(number):
        text = number_format(int(number), force_grouping=True)
    else:
        text = number_format(round(number, 2), force_grouping=True)
    return f"{text}{localized_unit(unit)}" if unit else text


# The plan's units (the plan data is Japanese), as each language writes them after a number and
# names them on their own; the catalogs say them (English keeps its leading space: "3 times").
UNITS_AFTER_NUMBER = {
    "回": pgettext_lazy("unit after a number", "回"),
    "件": pgettext_lazy("unit after a number", "件"),
    "人": pgettext_lazy("unit after a number", "人"),
    "か所": pgettext_lazy("unit after a number", "か所"),
    "台": pgettext_lazy("unit after a number", "台"),
    "分": pgettext_lazy("unit after a number", "分"),
}
UNIT_NAMES = {
    "回": pgettext_lazy("unit name", "回"),
    "件": pgettext_lazy("unit name", "件"),
    "人": pgettext_lazy("unit name", "人"),
    "か所": pgettext_lazy("unit name", "か所"),
    "台": pgettext_lazy("unit name", "台"),
    "分": pgettext_lazy("unit name", "分"),
}


def unit_name(unit: str) -> str:
    """The unit named on its own (a table's 「単位: 回」, "Unit: times")."""
    return str(UNIT_NAMES.get(unit, unit))


def localized_unit(unit: str) -> str:
    """The unit as written after a number: 「回」 in Japanese, " times" in English, 「次」 in Chinese."""
    return str(UNITS_AFTER_NUMBER.get(unit, unit))


def drill_down(indicator: Indicator, fiscal_year: int, *, limit: int = 500) -> dict | None:
    """For staff: the records behind a computed value, counted per month and per department."""
    from .metrics import summarize

    metric = indicator.metric
    if metric is None or metric.drill is None:
        return None
    records = metric.drill(fiscal_year, indicator.metric_scope or None)
    return {
        "fiscal_year": fiscal_year,
        "value": metric.compute(fiscal_year, indicator.metric_scope or None),
        **summarize(records),
        "records": records[:limit],
        "total": len(records),
        "counted": sum(1 for r in records if r.counted),
    }


def has_data(initiative: Initiative, fiscal_year: int) -> bool:
    """Whether any of the initiative's indicators has a public value (computed, or typed in with
    evidence and approval) for the 年度: what an evaluation of that year can rest on."""
    return any(
        point.actual is not None
        for indicator in initiative.indicators.prefetch_related("targets")
        for point in series(indicator, [fiscal_year], public=True)
    )


def ensure_data_for_review(initiative: Initiative, fiscal_year: int) -> None:
    """An evaluation says how a year went; without a single figure for that year it says nothing
    residents can check (a 2023「順調」with no 2023 data was the case that prompted this)."""
    if not initiative.indicators.exists():
        raise ValidationError(
            _("この取組には指標がないため、評価を記録できません。先に指標を設定してください。")
        )
    if not has_data(initiative, fiscal_year):
        raise ValidationError(
            _(
                "%(year)sの指標の値がまだないため、この年度の評価は記録できません。"
                "自動計算の値が出るか、実績値を入力して承認を受けてから記録してください。"
            )
            % {"year": format_fiscal_year(fiscal_year)}
        )


def latest_review(initiative: Initiative) -> Review | None:
    return initiative.reviews.order_by("-fiscal_year", "-created_at", "-pk").first()


def indicator_records(plan: Plan, *, years: list[int] | None = None) -> list[dict]:
    """The open dataset: one row per indicator and fiscal year, public values only."""
    years = years or plan_years(plan)
    rows = []
    indicators = (
        Indicator.objects.filter(initiative__plan=plan)
        .select_related("initiative", "initiative__policy")
        .prefetch_related("targets")
    )
    for indicator in indicators:
        for point in series(indicator, years, public=True):
            rows.append(
                {
                    "plan": plan.code,
                    "policy": indicator.initiative.policy.number if indicator.initiative.policy else None,
                    "initiative": indicator.initiative.code,
                    "indicator": indicator.key,
                    "kind": indicator.kind,
                    "name": indicator.name,
                    "name_en": indicator.name_en,
                    "unit": indicator.unit,
                    "direction": indicator.direction,
                    "fiscal_year": point.fiscal_year,
                    "target": None if point.target is None else float(point.target),
                    "target_text": point.target_text,
                    "actual": None if point.actual is None else float(point.actual),
                    "source": point.source,
                    "metric": indicator.metric.code if indicator.metric else "",
                    "evidence_url": point.evidence_url,
                }
            )
    return rows
