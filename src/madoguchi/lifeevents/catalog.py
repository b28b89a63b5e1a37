"""Where the navigator learns about a procedure: the procedures app's catalogue when it holds the
procedure, else the JSON definitions (the 28 online procedures and the life-event ones here).

The navigator depends on the procedures app only through this module, and on it only through
`procedures.services`, so the two can change independently (docs/adr/0002-lifeevents-app.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from madoguchi.procedures import services as procedures

LIFEEVENT_DATA = Path(__file__).resolve().parent / "data" / "procedures"
PROCEDURES_DATA = Path(__file__).resolve().parent.parent / "procedures" / "data" / "procedures"


@cache
def definitions() -> dict[str, dict]:
    """Every procedure definition on disk, by code (life-event ones win on a clash)."""
    found: dict[str, dict] = {}
    for folder in (PROCEDURES_DATA, LIFEEVENT_DATA):
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                definition = json.loads(path.read_text(encoding="utf-8"))
                found[definition["code"]] = definition
    return found


def localized_name(definition: dict) -> str:
    """A definition's name in the current language, read as Procedure.localized_name reads a row."""
    return procedures.in_language(
        "name", definition["name"], definition.get("name_en", ""), definition.get("translations")
    )


def lifeevent_definitions() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(LIFEEVENT_DATA.glob("*.json"))]


@dataclass
class ProcedureInfo:
    code: str
    name: str
    department_code: str
    channels: list[str] = field(default_factory=list)
    fee: int = 0
    in_catalog: bool = False  # published in the procedures app

    @property
    def online(self) -> bool:
        return "online" in self.channels

    @property
    def url(self) -> str:
        return f"/procedures/{self.code}/"


def procedure_info(code: str) -> ProcedureInfo | None:
    row = procedures.get_procedure_by_code(code)
    if row is not None:
        channels = list(row.channels or [])
        if not row.is_published and "online" in channels:  # not offered online yet
            channels.remove("online")
        return ProcedureInfo(
            code=code,
            name=row.localized_name(),
            department_code=row.department.code,
            channels=channels,
            fee=row.fee,
            in_catalog=row.is_published,
        )
    definition = definitions().get(code)
    if definition is None:
        return None
    return ProcedureInfo(
        code=code,
        name=localized_name(definition),
        department_code=definition["department"],
        channels=list(definition.get("channels", [])),
        fee=definition.get("fee", 0),
    )
