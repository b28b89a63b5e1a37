import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from madoguchi.procedures.models import Procedure
from madoguchi.procedures.services import (
    load_bundled_procedures,
    load_procedure_definition,
    search_procedures,
)

from .conftest import definition

pytestmark = pytest.mark.django_db

# The plan's 26 child-care and nursing-care procedures, 罹災証明書 and 転出届, kept in the repository.
REFERENCE = Path(__file__).parent / "data" / "reference_procedures.txt"


def reference_names() -> list[str]:
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_reference_list_is_the_plans_28_procedures():
    names = reference_names()
    assert len(names) == len(set(names)) == 28
    assert names[-2:] == ["罹災証明書の発行申請", "転出届"]


@pytest.fixture
def catalog(departments):
    return load_bundled_procedures()


def _norm(name: str) -> str:
    return name.replace("（", "(").replace("）", ")").replace("受給資格者", "受給者")


def test_api_lists_every_reference_procedure_with_a_valid_schema(client, catalog):
    response = client.get("/api/v1/procedures/", {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    results = body["results"]
    while body.get("next"):
        body = client.get(body["next"]).json()
        results += body["results"]
    assert len(results) >= 28
    for item in results:
        Draft202012Validator.check_schema(item["schema"])  # the 2020-12 metaschema
        assert item["schema"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    names = [_norm(item["name"]) for item in results]
    for wanted in reference_names():
        assert any(_norm(wanted) in name for name in names), wanted


def test_api_detail_has_current_schema(client, catalog):
    body = client.get("/api/v1/procedures/jidou-teate-genkyo/").json()
    assert body["name"] == "児童手当の現況届"
    assert body["schema"]["properties"]["recipient"]["type"] == "object"
    assert body["version"] == 1


@pytest.mark.parametrize("query", ["じどうてあて", "ジドウテアテ", "手当", "児童手当", "child allowance"])
def test_search_finds_child_allowance_by_kana_and_kanji(catalog, query):
    names = [p.name for p in search_procedures(query)]
    assert "児童手当の現況届" in names


def test_search_page(client, catalog):
    html = client.get(reverse("procedures:list"), {"q": "じどうてあて"}).content.decode()
    assert "児童手当の現況届" in html
    assert "要介護" not in html


def test_loading_is_idempotent_and_a_changed_schema_makes_a_version(departments):
    d = definition("jidou-teate-genkyo")
    p1 = load_procedure_definition(d)
    p2 = load_procedure_definition(d)
    assert p1.pk == p2.pk and p1.versions.count() == 1
    d["schema"]["properties"]["recipient"]["properties"]["full_name"]["maxLength"] = 60
    p3 = load_procedure_definition(d)
    assert p3.versions.count() == 2
    assert p3.current_version.number == 2


def test_unpublished_definition_is_not_listed(client, departments):
    d = {**definition("risai-shomei"), "code": "draft-only"}
    load_procedure_definition(d, publish=False)
    assert Procedure.objects.get(code="draft-only").current_version is None
    assert client.get("/api/v1/procedures/draft-only/").status_code == 404


def test_procedure_page(client, catalog):
    html = client.get(reverse("procedures:detail", args=["risai-shomei"])).content.decode()
    assert "罹災証明書" in html and "オンラインで申請する" in html


def test_bundled_definitions_are_valid_json(departments):
    from madoguchi.procedures.services import DATA_DIR

    for path in DATA_DIR.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_pdca_metric_counts_online_procedures(catalog):
    from django.utils import timezone

    from madoguchi.core.japanese import fiscal_year
    from madoguchi.pdca.metrics import metrics

    metric = metrics.get("online-procedure-services")
    fy = fiscal_year(timezone.now())
    assert metric.value(fy) == 28
    assert metric.value(fy - 1) == 0
    assert metric.value(fy, {"category": "nursing_care"}) == 11
