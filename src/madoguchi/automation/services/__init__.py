"""automation's public services (業務改革・自動化・プロセス分析, plan 2-イ and the common BPR line).

inventory  手続の棚卸し: 押印・書面・対面・ワンスオンリー per procedure, decisions, progress, CSV
mining     process mining of the case Events: map, variants, times, rework, bottleneck
xes        the XES (IEEE 1849) export of a procedure's log
synthetic  a synthetic log with a planted bottleneck and rework loop
tools      digital tools per department, pilots, the 標準化 migration's work stages
"""

from ..events import Verb
from ..models import MigrationStage, Pilot, Requirement, ToolKind
from .inventory import (
    KindProgress,
    access_review,
    add_requirement,
    change_date,
    inventory_csv,
    once_only_candidates,
    progress,
    record_decision,
    review_of,
    reviews_for,
    take_inventory,
)
from .mining import (
    SOURCES,
    Analysis,
    Comparison,
    Trace,
    access_mined_procedure,
    all_case_traces,
    analyse,
    as_dict,
    case_events,
    compare,
    event_log,
    median_processing_days,
    mined_procedures,
    parse_period,
    step_label,
)
from .synthetic import PLANTABLE, make_synthetic_log, synthetic_logs
from .tools import (
    StageProgress,
    access_pilot,
    access_stage,
    access_tool,
    adoption_rate,
    conclude_pilot,
    divisions,
    pilots_for,
    pilots_started,
    record_stage_done,
    register_tool,
    retire_tool,
    stages_for,
    standard_systems,
    standardization_progress,
    start_pilot,
    tools_for,
    tools_in_use,
)
from .xes import export_xes, xes_document

__all__ = [
    # vocabulary
    "Verb",
    "Requirement",
    "Pilot",
    "MigrationStage",
    "ToolKind",
    # inventory
    "KindProgress",
    "take_inventory",
    "add_requirement",
    "record_decision",
    "reviews_for",
    "access_review",
    "review_of",
    "change_date",
    "once_only_candidates",
    "progress",
    "inventory_csv",
    # mining
    "SOURCES",
    "Analysis",
    "Comparison",
    "Trace",
    "case_events",
    "event_log",
    "all_case_traces",
    "analyse",
    "compare",
    "as_dict",
    "median_processing_days",
    "parse_period",
    "step_label",
    "mined_procedures",
    "access_mined_procedure",
    "export_xes",
    "xes_document",
    "PLANTABLE",
    "make_synthetic_log",
    "synthetic_logs",
    # tools, pilots, standardisation
    "StageProgress",
    "register_tool",
    "retire_tool",
    "start_pilot",
    "conclude_pilot",
    "record_stage_done",
    "tools_for",
    "pilots_for",
    "stages_for",
    "access_tool",
    "access_pilot",
    "access_stage",
    "divisions",
    "tools_in_use",
    "adoption_rate",
    "pilots_started",
    "standardization_progress",
    "standard_systems",
]
