"""The plan's indicators of 2-イ (AI・RPA等の活用) and 2-ア (標準化), computed from the tools register,
the pilots and the migration plan's work stages; and the median processing days per procedure (a
supporting figure from the case Events)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc
from madoguchi.pdca.metrics import Record, metric

from .models import MigrationStage
from .services import mining, tools


def adoption_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    in_use = {}
    for tool in tools.tools_in_use(fiscal_year).order_by("used_from"):
        in_use.setdefault(tool.department_id, tool)
    return [
        Record(
            label=f"{division.name}（{in_use[division.pk].name}）"
            if division.pk in in_use
            else division.name,
            month=in_use[division.pk].used_from.strftime("%Y-%m") if division.pk in in_use else "—",
            department=division.name,
            counted=division.pk in in_use,
            note="" if division.pk in in_use else str(_("導入なし")),
        )
        for division in tools.divisions()
    ]


@metric(
    "dept-digital-adoption-rate",
    unit="%",
    definition=_(
        "課・室のうち、年度内（進行中の年度は今日まで）に業務の効率化のためのデジタルツール（RPA・AI-OCR・"
        "チャットボット・電子様式・自動処理ルールなど）を1つ以上利用していた課・室の割合"
        "（ツール台帳の利用期間が年度と重なる課・室の数 ÷ 課・室の数）。部は数えません。"
        "台帳にその年度末までに利用を始めたツールが一つもなければ、値なし（データなし）とします。"
    ),
    plan_wording="業務の効率化を図るデジタル技術を導入している課の割合",
    drill=adoption_records,
)
def dept_digital_adoption_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return tools.adoption_rate(fiscal_year)


def pilot_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=f"{pilot.tool_name}（{pilot.get_result_display()}）",
            month=pilot.started_on.strftime("%Y-%m"),
            department=pilot.department.name,
        )
        for pilot in tools.pilots_started(fiscal_year).select_related("department")
    ]


@metric(
    "bpr-tool-pilots",
    unit="件",
    definition=_(
        "業務改革（BPR）で候補となったデジタルツールについて、年度内（進行中の年度は今日まで）に開始した"
        "実証実験の件数（結果が導入か見送りかを問いません）。"
    ),
    plan_wording="業務改革（BPR）で候補となったデジタルツールの実証実験の件数",
    drill=pilot_records,
)
def bpr_tool_pilots(fiscal_year: int, scope: dict | None = None) -> int:
    return tools.pilots_started(fiscal_year).count()


def stage_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    _first, last = tools.year_so_far(fiscal_year)
    return [
        Record(
            label=f"{stage.system.name}: {stage.get_stage_display()}",
            month=stage.planned_on.strftime("%Y-%m"),
            department=stage.system.department.name,
            counted=stage.done_on is not None and stage.done_on <= last,
            note="" if stage.done_on and stage.done_on <= last else str(_("未完了")),
        )
        for stage in MigrationStage.objects.filter(planned_on__lte=last).select_related(
            "system", "system__department"
        )
    ]


@metric(
    "standardization-progress",
    unit="%",
    definition=_(
        "標準化導入・移行計画の作業工程（システムごとの現状分析・ギャップ対応検討・選定・移行・稼働）のうち、"
        "年度末（進行中の年度は今日）までに完了した工程の数 ÷ それまでに完了する予定だった工程の数。"
        "予定より早く終えた工程も実績に数えるため、100%を超えることがあります。"
    ),
    plan_wording="「（仮称）国分寺市基幹系システム標準化導入・移行計画」にて定める作業工程別の進捗状況（実績／予定）",
    drill=stage_records,
)
def standardization_progress(fiscal_year: int, scope: dict | None = None) -> float | None:
    return tools.standardization_progress(fiscal_year).percent


def _processing_by_procedure(fiscal_year: int) -> dict[str, float]:
    """Median days 受付 → 決定 of the cases received in the 年度, per procedure code."""
    start, end = fiscal_year_bounds_utc(fiscal_year)
    traces = mining.all_case_traces(start=start, end=end)
    return {
        code: value
        for code, group in sorted(traces.items())
        if (value := mining.median_processing_days(group)) is not None
    }


def processing_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return _processing_by_procedure(fiscal_year)


@metric(
    "automation.median-processing-days",
    unit="日",
    name=_("処理日数の中央値"),
    definition=_(
        "年度内に受け付けた申請のうち決定（承認・却下）したものについて、受付から決定までの日数の中央値"
        "（申請のイベントから計算）。scope に procedure（手続コード）を渡すとその手続だけを数えます。"
    ),
    breakdown=processing_breakdown,
)
def median_processing_days(fiscal_year: int, scope: dict | None = None) -> float | None:
    start, end = fiscal_year_bounds_utc(fiscal_year)
    traces = mining.all_case_traces(start=start, end=end)
    if scope and scope.get("procedure"):
        return mining.median_processing_days(traces.get(scope["procedure"], []))
    return mining.median_processing_days([t for group in traces.values() for t in group])
