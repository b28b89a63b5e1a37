"""Builders for the life-event catalogue, for this app's tests and for the apps that use it (the
counter): the departments that run life-event procedures, and the procedures themselves."""

import json

from madoguchi.core.models import Department
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.lifeevents.catalog import PROCEDURES_DATA
from madoguchi.lifeevents.demo import load_lifeevent_procedures
from madoguchi.procedures.models import Procedure
from madoguchi.procedures.services import load_procedure_definition

__all__ = ["DEPARTMENTS", "life_event_catalogue", "life_event_departments", "online_procedure"]

DEPARTMENTS = {
    "shimin": "市民課",
    "hoken-nenkin": "保険年金課",
    "kodomo-shien": "子ども子育て支援課",
    "kaigo": "介護保険課",
    "kenko": "健康推進課",
}


def life_event_departments() -> dict[str, Department]:
    """The city and the departments that run life-event procedures, by code."""
    MunicipalityFactory()
    return {code: DepartmentFactory(code=code, name=name) for code, name in DEPARTMENTS.items()}


def online_procedure(code: str) -> Procedure:
    """One of the online procedures a life event leads to (lifeevents/data/procedures)."""
    return load_procedure_definition(
        json.loads((PROCEDURES_DATA / f"{code}.json").read_text(encoding="utf-8"))
    )


def life_event_catalogue() -> None:
    """The city's catalogue: the life-event procedures and the online ones they lead to
    (the departments must exist: life_event_departments)."""
    load_lifeevent_procedures()
    for code in ("jidou-teate-nintei", "jidou-teate-henko", "tenshutsu"):
        online_procedure(code)
