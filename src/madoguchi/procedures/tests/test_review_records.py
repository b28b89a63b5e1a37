"""The review record of each form (issue 32 item 6): `docs/forms/<code>.md` lists the standard
form's items and where each is asked (or why not). It must name its source form and version,
name only fields the form has, and list every field and attachment the form has, so that a
change to a form cannot pass without its record being brought up to date."""

import json
import re
from pathlib import Path

import pytest

from madoguchi.procedures.services import DATA_DIR

DOCS = Path(__file__).resolve().parents[4] / "docs" / "forms"
PATH = re.compile(r"`([a-z_]+\.[a-z_0-9]+(?:\.[a-z_0-9]+)?)`")
CODE = re.compile(r"\| `([a-z0-9-]+)` \|")
# the forms changed after their review against the standard form in issue 32
REVIEWED = {
    "fukushi-yogu-konyu",
    "hoiku-moushikomi",
    "hoiku-nintei",
    "jidou-teate-gaku-kaitei",
    "jidou-teate-genkyo",
    "jidou-teate-mishiharai",
    "jidou-teate-nintei",
    "jutaku-kaishu",
    "kaigo-careplan-todoke",
    "kaigo-futan-gendogaku",
    "kaigo-koshin-nintei",
    "kaigo-kubun-henko",
    "kaigo-nintei",
    "kogaku-kaigo-service-hi",
    "ninshin-todoke",
    "risai-shomei",
    "tenshutsu",
}


def _definitions() -> dict[str, dict]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA_DIR.glob("*.json"))
    }


def _fields(schema: dict) -> set[str]:
    out = set()
    for step, step_schema in schema["properties"].items():
        for name, field in (step_schema.get("properties") or {}).items():
            items = field.get("items") if field.get("type") == "array" else None
            if isinstance(items, dict) and items.get("properties"):
                out |= {f"{step}.{name}.{sub}" for sub in items["properties"]}
            else:
                out.add(f"{step}.{name}")
    return out


def _records():
    return sorted(path for path in DOCS.glob("*.md") if path.name != "README.md")


def test_the_reviewed_forms_have_a_record():
    assert {path.stem for path in _records()} >= REVIEWED


def test_every_procedure_has_a_record():
    assert {path.stem for path in _records()} == set(_definitions())
    assert len(_definitions()) == 28


@pytest.mark.parametrize("path", _records(), ids=lambda p: p.stem)
def test_a_record_matches_its_form(path):
    definitions = _definitions()
    assert path.stem in definitions, f"{path.name}: no procedure {path.stem}"
    definition = definitions[path.stem]
    text = path.read_text(encoding="utf-8")
    for row in ("元の様式", "版"):
        match = re.search(rf"^\| {row} \| (.+) \|$", text, re.M)
        assert match and match.group(1).strip() not in ("", "—"), f"{path.name}: no {row}"
    fields = _fields(definition["schema"])
    named = set(PATH.findall(text))
    assert named - fields == set(), f"{path.name} names fields the form does not have"
    assert fields - named == set(), f"{path.name} does not say where these fields stand"
    codes = {a["code"] for a in definition.get("required_attachments") or []}
    assert codes <= set(CODE.findall(text)), f"{path.name} misses attachments"
