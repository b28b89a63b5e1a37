"""Conditional fields (ui_schema `show_if`): the grammar, who is shown what, what is dropped, and
that every bundled procedure's conditions agree with its JSON Schema if/then."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from madoguchi.applications.examples import example_data
from madoguchi.procedures.conditions import (
    Condition,
    check_conditions,
    conditions_of,
    describe,
    hidden_paths,
    is_shown,
    prune,
)
from madoguchi.procedures.services import DATA_DIR, load_bundled_procedures, load_procedure_definition
from madoguchi.procedures.validation import collect_errors

from .conftest import definition

# ---------------------------------------------------------------- a small form to reason about

SCHEMA = {
    "type": "object",
    "properties": {
        "move": {
            "type": "object",
            "properties": {
                "whole_household": {"type": "boolean", "title": "世帯全員が転出する"},
                "remaining_head_name": {"type": "string", "title": "残る世帯の世帯主の氏名"},
                "reason": {"type": "string", "title": "理由", "enum": ["転勤", "結婚", "その他"]},
                "detail": {"type": "string", "title": "詳細"},
                "count": {"type": "integer", "title": "人数"},
            },
            "required": ["whole_household"],
            "allOf": [
                {
                    "if": {
                        "properties": {"whole_household": {"const": False}},
                        "required": ["whole_household"],
                    },
                    "then": {"required": ["remaining_head_name"]},
                }
            ],
        },
        "members": {
            "type": "object",
            "properties": {
                "list": {
                    "type": "array",
                    "title": "転出する人",
                    "items": {
                        "type": "object",
                        "properties": {
                            "living": {"type": "string", "title": "同居・別居", "enum": ["同居", "別居"]},
                            "address": {"type": "string", "title": "住所"},
                        },
                    },
                },
                "note": {"type": "string", "title": "備考"},
            },
        },
    },
}
UI = {
    "steps": [{"key": "move", "title": "転出"}, {"key": "members", "title": "転出する人"}],
    "fields": {
        "move.remaining_head_name": {
            "widget": "text",
            "show_if": {"field": "move.whole_household", "equals": False},
        },
        "move.detail": {"show_if": {"field": "move.reason", "in": ["結婚", "その他"]}},
        "members.list.address": {"show_if": {"field": "members.list.living", "equals": "別居"}},
        "members.note": {"show_if": {"field": "move.reason", "not_equals": "転勤"}},
    },
}


def ui_with(path, show_if, base=UI):
    ui = copy.deepcopy(base)
    ui["fields"].setdefault(path, {})["show_if"] = show_if
    return ui


# ---------------------------------------------------------------- the grammar


@pytest.mark.parametrize(
    "spec, expected",
    [
        (
            {"field": "move.whole_household", "equals": False},
            Condition("move.whole_household", "equals", False),
        ),
        ({"field": "move.reason", "not_equals": "転勤"}, Condition("move.reason", "not_equals", "転勤")),
        (
            {"field": "move.reason", "in": ["結婚", "その他"]},
            Condition("move.reason", "in", ("結婚", "その他")),
        ),
        ({"field": "move.count", "equals": 3}, Condition("move.count", "equals", 3)),
    ],
)
def test_a_show_if_is_a_field_and_one_operator(spec, expected):
    assert Condition.parse(spec) == expected


@pytest.mark.parametrize(
    "spec",
    [
        {"field": "move.reason"},  # no operator
        {"field": "move.reason", "equals": "転勤", "not_equals": "結婚"},  # two operators
        {"field": "move.reason", "in": "転勤"},  # `in` needs a list
        {"field": "move.reason", "in": []},
        {"field": "move.reason", "equals": {"a": 1}},  # a value, not an object
        {"field": "move.reason", "equals": "転勤", "note": "x"},  # unknown key
        {"equals": "転勤"},  # no field
        ["move.reason", "転勤"],
    ],
)
def test_a_malformed_show_if_is_no_condition_and_check_says_so(spec):
    assert Condition.parse(spec) is None
    problems = check_conditions(SCHEMA, ui_with("move.detail", spec))
    assert any("show_if の形が正しくありません" in p for p in problems)


def test_a_checkbox_answer_equals_only_true_or_false():
    assert Condition("f.x", "equals", True).holds_for(True)
    assert not Condition("f.x", "equals", 1).holds_for(True)
    assert not Condition("f.x", "equals", False).holds_for(0)
    assert Condition("f.x", "in", (1, 2)).holds_for(2)
    assert Condition("f.x", "not_equals", "転勤").holds_for("結婚")


# ---------------------------------------------------------------- who is shown what


@pytest.mark.parametrize(
    "move, shown",
    [
        ({"whole_household": False}, True),
        ({"whole_household": True}, False),
        ({}, False),  # unanswered: no condition holds
        ({"whole_household": None}, False),
    ],
)
def test_remaining_head_is_asked_only_when_part_of_the_household_stays(move, shown):
    assert is_shown("move.remaining_head_name", conditions_of(UI), {"move": move}) is shown


@pytest.mark.parametrize(
    "reason, detail_shown, note_shown",
    [("転勤", False, False), ("結婚", True, True), ("その他", True, True), (None, False, False)],
)
def test_in_and_not_equals(reason, detail_shown, note_shown):
    data = {"move": {"reason": reason} if reason else {}}
    conditions = conditions_of(UI)
    assert is_shown("move.detail", conditions, data) is detail_shown
    # not_equals on an unanswered question does not hold either
    assert is_shown("members.note", conditions, data) is note_shown


def test_a_field_in_a_repeated_group_follows_its_own_row():
    data = {
        "move": {"whole_household": True},
        "members": {
            "list": [
                {"living": "同居", "address": "改ざん"},
                {"living": "別居", "address": "東京都府中市宮西町1丁目1番地"},
            ]
        },
    }
    assert hidden_paths(UI, data) == ["members.list.0.address"]
    pruned = prune(UI, data)
    assert pruned["members"]["list"] == [
        {"living": "同居"},
        {"living": "別居", "address": "東京都府中市宮西町1丁目1番地"},
    ]


def test_conditions_chain_a_hidden_controller_hides_its_dependents():
    ui = ui_with("move.reason", {"field": "move.whole_household", "equals": False})
    data = {"move": {"whole_household": True, "reason": "結婚", "detail": "改ざん"}}
    assert set(hidden_paths(ui, data)) == {"move.reason", "move.detail"}


def test_a_whole_group_can_be_conditional():
    ui = ui_with("members.list", {"field": "move.whole_household", "equals": False})
    data = {"move": {"whole_household": True}, "members": {"list": [{"living": "同居", "address": "x"}]}}
    assert hidden_paths(ui, data) == ["members.list"]
    assert prune(ui, data) == {"move": {"whole_household": True}, "members": {}}


def test_prune_drops_tampered_answers_and_leaves_the_input_alone():
    data = {"move": {"whole_household": True, "remaining_head_name": "改ざん　太郎", "reason": "転勤"}}
    before = copy.deepcopy(data)
    assert prune(UI, data) == {"move": {"whole_household": True, "reason": "転勤"}}
    assert data == before
    kept = {"move": {"whole_household": False, "remaining_head_name": "国分　花子"}}
    assert prune(UI, kept) is kept  # nothing hidden: the same object, no copy
    assert prune({}, data) is data  # a form without conditions


def test_a_loop_is_never_shown_and_check_refuses_it():
    ui = ui_with("move.reason", {"field": "move.detail", "equals": "x"})
    ui = ui_with("move.detail", {"field": "move.reason", "equals": "結婚"}, base=ui)
    assert not is_shown("move.detail", conditions_of(ui), {"move": {"reason": "結婚", "detail": "x"}})
    assert any("循環" in p for p in check_conditions(SCHEMA, ui))


# ---------------------------------------------------------------- checking a form definition


def test_the_small_form_is_consistent():
    assert check_conditions(SCHEMA, UI) == []


@pytest.mark.parametrize(
    "path, show_if, message",
    [
        ("move.nothing", {"field": "move.reason", "equals": "転勤"}, "が様式にありません"),
        ("move.detail", {"field": "move.nothing", "equals": "転勤"}, "が様式にありません"),
        ("move.detail", {"field": "members.note", "equals": "x"}, "後の画面にあります"),
        ("move.detail", {"field": "move.reason", "equals": "転居"}, "の答えになりません"),
        ("move.detail", {"field": "move.whole_household", "equals": "はい"}, "の答えになりません"),
        ("move.detail", {"field": "move.count", "equals": "3"}, "の答えになりません"),
        ("move.detail", {"field": "members.list", "equals": "x"}, "以外は使えません"),
        ("move.whole_household", {"field": "move.reason", "equals": "転勤"}, "必須の項目なので"),
        # the schema requires it when part of the household stays, but it would be hidden then
        ("move.remaining_head_name", {"field": "move.whole_household", "equals": True}, "if/then"),
        ("move.remaining_head_name", {"field": "move.reason", "equals": "転勤"}, "if/then"),
        ("members.note", {"field": "members.list.living", "equals": "別居"}, "別の繰り返し入力欄"),
    ],
)
def test_check_conditions_names_each_mistake(path, show_if, message):
    problems = check_conditions(SCHEMA, ui_with(path, show_if))
    assert any(message in p and path in p for p in problems), problems


def test_loading_a_definition_with_a_broken_condition_is_refused(departments):
    broken = definition("tenshutsu")
    broken["ui_schema"]["fields"]["move.remaining_head_name"]["show_if"] = {
        "field": "move.whole_household",
        "equals": True,
    }
    with pytest.raises(ValidationError) as error:
        load_procedure_definition(broken)
    assert "move.remaining_head_name" in " ".join(error.value.messages)


# ---------------------------------------------------------------- words


@pytest.mark.parametrize(
    "path, language, words",
    [
        ("move.remaining_head_name", "ja", "「世帯全員が転出する」にチェックしていない場合"),
        ("move.detail", "ja", "「理由」で「結婚」「その他」のいずれかを選んだ場合"),
        ("members.note", "ja", "「理由」で「転勤」以外を選んだ場合"),
        ("members.list.address", "ja", "「同居・別居」で「別居」を選んだ場合"),
        ("move.remaining_head_name", "en", "if you did not tick"),
    ],
)
def test_describe(path, language, words):
    with translation.override(language):
        assert words in describe(conditions_of(UI)[path], SCHEMA)


# ---------------------------------------------------------------- the 28 bundled procedures

# Fields the schema requires only sometimes but every resident may answer (shown to everyone).
ALWAYS_SHOWN = {
    # 第2号被保険者 who have a 被保険者証 enter its number too; only 第1号 must.
    ("kaigo-nintei", "insured.insured_number"),
}


def _bundled():
    for path in sorted(DATA_DIR.glob("*.json")):
        yield path.stem, json.loads(path.read_text(encoding="utf-8"))


def _then_required(schema: dict):
    """(path of a field the schema requires only under an if, the object holding it) everywhere."""
    for step, step_schema in schema["properties"].items():
        for prefix, obj in [(step, step_schema)] + [
            (f"{step}.{name}", sub["items"])
            for name, sub in (step_schema.get("properties") or {}).items()
            if sub.get("type") == "array"
            and isinstance(sub.get("items"), dict)
            and sub["items"].get("properties")
        ]:
            for rule in obj.get("allOf") or []:
                for name in (rule.get("then") or {}).get("required") or []:
                    yield f"{prefix}.{name}"


@pytest.mark.parametrize("code, procedure", list(_bundled()), ids=[c for c, _ in _bundled()])
def test_every_bundled_condition_agrees_with_the_schema(code, procedure):
    schema, ui = procedure["schema"], procedure["ui_schema"]
    assert "conditions" not in ui  # the one grammar is fields.<path>.show_if
    assert check_conditions(schema, ui) == []
    conditions = conditions_of(ui)
    # every field the schema asks for only sometimes says when, so residents are not asked it otherwise
    for path in _then_required(schema):
        assert path in conditions or (code, path) in ALWAYS_SHOWN, f"{code}: {path} has no show_if"
    # a conditional field comes after the field it depends on (focus moves forward to it)
    order = list(schema["properties"])
    for path, condition in conditions.items():
        parts, cparts = path.split("."), condition.field.split(".")
        if parts[0] == cparts[0] and len(parts) == len(cparts):
            holder = schema["properties"][parts[0]]
            if len(parts) == 3:
                holder = holder["properties"][parts[1]]["items"]
            names = list(holder["properties"])
            assert names.index(cparts[-1]) < names.index(parts[-1]), (
                f"{code}: {path} before {condition.field}"
            )
        else:
            assert order.index(cparts[0]) <= order.index(parts[0])


def _answers(schema: dict, path: str) -> list:
    parts = path.split(".")
    node = schema["properties"][parts[0]]["properties"][parts[1]]
    if len(parts) == 3:
        node = node["items"]["properties"][parts[2]]
    if node.get("type") == "boolean":
        return [True, False, None]
    return [*(node.get("enum") or []), None]


def _set(data: dict, path: str, value) -> dict:
    data = copy.deepcopy(data)
    parts = path.split(".")
    holder = data[parts[0]] if len(parts) == 2 else data[parts[0]][parts[1]][0]
    if value is None:
        holder.pop(parts[-1], None)
    else:
        holder[parts[-1]] = value
    return data


@pytest.mark.parametrize("code, procedure", list(_bundled()), ids=[c for c, _ in _bundled()])
def test_whatever_the_controlling_answer_the_pruned_data_passes_the_schema(code, procedure):
    """A complete example with each answer (or none) of each controlling field: dropping the hidden
    answers never leaves the schema wanting one of them (hidden is never required)."""
    schema, ui = procedure["schema"], procedure["ui_schema"]
    example = example_data(schema)
    assert collect_errors(schema, prune(ui, example)) == {}
    for condition in conditions_of(ui).values():
        for answer in _answers(schema, condition.field):
            data = _set(example, condition.field, answer)
            # no answer to a required question is an error of its own, never one more
            assert set(collect_errors(schema, prune(ui, data))) <= set(collect_errors(schema, data)), (
                code,
                condition.field,
                answer,
            )


def test_all_28_bundled_procedures_load_with_their_conditions(departments):
    procedures = load_bundled_procedures()
    assert len(procedures) == 28
    tenshutsu = next(p for p in procedures if p.code == "tenshutsu")
    assert conditions_of(tenshutsu.current_version.ui_schema)["move.remaining_head_name"] == Condition(
        "move.whole_household", "equals", False
    )
