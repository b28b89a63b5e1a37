"""Demo data: the counter and postal procedures that life events lead to (転入届, 出生届, 国保 …)."""

from madoguchi.procedures.services import load_procedure_definition

from .catalog import lifeevent_definitions


def load_lifeevent_procedures(*, publish: bool = True) -> list:
    """Put the life-event procedures into the procedures catalogue (idempotent)."""
    return [load_procedure_definition(definition, publish=publish) for definition in lifeevent_definitions()]


def load(say) -> None:
    procedures = load_lifeevent_procedures()
    say(f"ライフイベントの手続 {len(procedures)} 件を公開")
