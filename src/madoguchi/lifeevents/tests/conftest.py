import json

import pytest

from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.lifeevents.catalog import PROCEDURES_DATA
from madoguchi.lifeevents.demo import load_lifeevent_procedures

DEPARTMENTS = {
    "shimin": "市民課",
    "hoken-nenkin": "保険年金課",
    "kodomo-shien": "子ども子育て支援課",
    "kaigo": "介護保険課",
    "kenko": "健康推進課",
}


@pytest.fixture
def departments(db):
    MunicipalityFactory()
    return {code: DepartmentFactory(code=code, name=name) for code, name in DEPARTMENTS.items()}


def load_online_procedure(code: str):
    from madoguchi.procedures.services import load_procedure_definition

    return load_procedure_definition(
        json.loads((PROCEDURES_DATA / f"{code}.json").read_text(encoding="utf-8"))
    )


@pytest.fixture
def catalogue(departments):
    """The city's catalogue: the life-event procedures and the online ones they lead to."""
    load_lifeevent_procedures()
    for code in ("jidou-teate-nintei", "jidou-teate-henko", "tenshutsu"):
        load_online_procedure(code)
