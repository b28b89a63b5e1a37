"""The plan at a glance, for residents: where each initiative stands (counted per policy), each
indicator's latest value beside its target, and what changed, in plain words. Read by /plan/,
the initiative pages and the year-end report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from madoguchi.core.japanese.fiscal import format_fiscal_year

from . import services
from .models import Indicator, Initiative, Plan, Review


class Standing:
    """Where an initiative stands, in the words the plan page uses (never by colour alone)."""

    ON_TRACK = "on_track"
    BEHIND = "behind"
    NOT_EVALUATED = "not_evaluated"
    NO_DATA = "no_data"

    ORDER = (ON_TRACK, BEHIND, NOT_EVALUATED, NO_DATA)

    @staticmethod
    def label(code: str) -> str:
        return {
            Standing.ON_TRACK: _("順調"),
            Standing.BEHIND: _("遅れ・見直し"),
            Standing.NOT_EVALUATED: _("評価前（値はあり）"),
            Standing.NO_DATA: _("データなし"),
        }[code]


@dataclass
class Latest:
    """An indicator's latest value beside its target, and what changed, in plain words."""

    indicator: Indicator
    points: list[services.Point]
    point: services.Point | None  # the latest 年度 with a value
    previous: services.Point | None  # the 年度 before it, when it has a value
    value: str  # "75.0%", or "—"
    target: str  # the target to read the value against, in words
    standing: str  # "met" | "below" | "" (no numeric target for that 年度)
    change: str  # one sentence: what the figures say changed


def _final_target(indicator: Indicator, points: list[services.Point]) -> services.Point | None:
    """The plan's own last target (the end of its period), when it has one."""
    own = [p for p in points if not p.after_period and (p.target is not None or p.target_text)]
    return own[-1] if own else None


def _target_words(indicator: Indicator, point: services.Point | None, points: list[services.Point]) -> str:
    unit = indicator.unit
    if point is not None and (point.target is not None or point.target_text):
        words = point.target_text if point.target is None else services.format_value(point.target, unit)
        return _("%(target)s（次の計画の目標）") % {"target": words} if point.next_plan_target else words
    final = _final_target(indicator, points)
    final_words = ""
    if final is not None:
        words = final.target_text if final.target is None else services.format_value(final.target, unit)
        final_words = f"{format_fiscal_year(final.fiscal_year)}: {words}"
    if point is not None and point.after_period:
        if final_words:
            return _("計画期間後のため、この年度の目標はありません（計画期間の目標は %(final)s）") % {
                "final": final_words
            }
        return _("計画期間後のため、この年度の目標はありません")
    return final_words or _("計画に数値の目標はありません")


def _standing_against_target(indicator: Indicator, point: services.Point | None) -> str:
    if point is None or point.actual is None or point.target is None or point.in_progress:
        return ""
    actual, target = Decimal(str(point.actual)), Decimal(str(point.target))
    met = actual <= target if indicator.direction == Indicator.Direction.LOWER else actual >= target
    return "met" if met else "below"


def change_words(indicator: Indicator, point: services.Point | None, previous: services.Point | None) -> str:
    if point is None:
        if indicator.metric is not None:
            return _("まだ値がありません。この仕組みの記録がそろうと自動で計算されます。")
        return _("まだ値が公表されていません。担当部署が証拠資料を付けて入力し、承認されると表示されます。")
    values = {
        "year": format_fiscal_year(point.fiscal_year),
        "value": services.format_value(point.actual, indicator.unit),
    }
    if previous is None:
        if point.in_progress:
            return _("%(year)sは、これまでに%(value)sです（年度の途中です）。") % values
        return _("%(year)sは%(value)sでした。比べられる前の年度の値はありません。") % values
    values["previous"] = services.format_value(previous.actual, indicator.unit)
    if point.in_progress:
        return (
            _(
                "%(year)sは、これまでに%(value)sです（年度の途中のため、前の年度の%(previous)sとはまだ比べられません）。"
            )
            % values
        )
    now, before = Decimal(str(point.actual)), Decimal(str(previous.actual))
    if now > before:
        return _("%(year)sは%(value)sで、前の年度（%(previous)s）より増えました。") % values
    if now < before:
        return _("%(year)sは%(value)sで、前の年度（%(previous)s）より減りました。") % values
    return _("%(year)sは%(value)sで、前の年度（%(previous)s）と同じでした。") % values


def target_cell(point: services.Point, unit: str) -> str:
    """A 年度's target in the indicator's table: the number or the plan's words; after the plan's
    period, the next plan's target (said so) or that there is none."""
    if point.target is None and not point.target_text:
        return _("計画期間後（目標なし）") if point.after_period else "—"
    words = point.target_text if point.target is None else services.format_value(point.target, unit)
    return _("%(target)s（次の計画の目標）") % {"target": words} if point.next_plan_target else words


def latest(indicator: Indicator, years: list[int], *, points: list[services.Point] | None = None) -> Latest:
    """The indicator's public figures summed up for residents: latest value, target, change."""
    points = services.series(indicator, years, public=True) if points is None else points
    with_value = [p for p in points if p.actual is not None]
    point = with_value[-1] if with_value else None
    previous = next(
        (p for p in with_value if point is not None and p.fiscal_year == point.fiscal_year - 1), None
    )
    return Latest(
        indicator=indicator,
        points=points,
        point=point,
        previous=previous,
        value=services.format_value(point.actual if point else None, indicator.unit),
        target=_target_words(indicator, point, points),
        standing=_standing_against_target(indicator, point),
        change=change_words(indicator, point, previous),
    )


@dataclass
class InitiativeSummary:
    initiative: Initiative
    standing: str
    review: Review | None  # the latest review of a 年度 that has figures
    indicators: list[Latest]

    @property
    def standing_label(self) -> str:
        return Standing.label(self.standing)


def summarize_initiative(initiative: Initiative, years: list[int]) -> InitiativeSummary:
    """順調 / 遅れ・見直し come from the city's latest evaluation of a 年度 with figures (an
    evaluation with nothing behind it is not counted); with figures but no such evaluation the
    initiative is 評価前; with no figure at all, データなし."""
    indicators = [latest(indicator, years) for indicator in initiative.indicators.all()]
    data_years = {p.fiscal_year for item in indicators for p in item.points if p.actual is not None}
    reviews = sorted(
        initiative.reviews.all(), key=lambda r: (r.fiscal_year, r.created_at, r.pk), reverse=True
    )
    review = next((r for r in reviews if r.fiscal_year in data_years), None)
    if review is not None:
        standing = Standing.ON_TRACK if review.status == Review.Status.ON_TRACK else Standing.BEHIND
    elif data_years:
        standing = Standing.NOT_EVALUATED
    else:
        standing = Standing.NO_DATA
    return InitiativeSummary(initiative, standing, review, indicators)


def count_standings(summaries: list[InitiativeSummary]) -> dict[str, int]:
    counts = dict.fromkeys(Standing.ORDER, 0)
    for summary in summaries:
        counts[summary.standing] += 1
    return counts


def plan_summary(plan: Plan) -> dict:
    """The headline of /plan/: every initiative's standing, counted per policy and in total."""
    years = services.plan_years(plan)
    initiatives = (
        plan.initiatives.select_related("policy", "plan")
        .prefetch_related("indicators__targets", "reviews")
        .order_by("sort_order", "code")
    )
    summaries = [summarize_initiative(initiative, years) for initiative in initiatives]
    groups = [
        {
            "policy": policy,
            "initiatives": [s for s in summaries if s.initiative.policy_id == policy.pk],
        }
        for policy in plan.policies.all()
    ]
    common = [s for s in summaries if s.initiative.policy_id is None]
    if common:
        groups.append({"policy": None, "initiatives": common})
    for group in groups:
        group["counts"] = count_standings(group["initiatives"])
    indicators = [item for s in summaries for item in s.indicators]
    this_year = services.current_fiscal_year()
    return {
        "groups": groups,
        "totals": count_standings(summaries),
        "standings": [(code, Standing.label(code)) for code in Standing.ORDER],
        "indicator_count": len(indicators),
        "with_value": sum(1 for item in indicators if item.point is not None),
        "computed": sum(1 for item in indicators if item.indicator.metric is not None),
        "after_period": this_year > plan.period_end_fy,
        "current_fy": this_year,
    }
