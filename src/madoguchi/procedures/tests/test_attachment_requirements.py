"""When an attachment is required (issue 32): `required_attachments[].required` is true, false, a
condition in the `show_if` language, or `{"all": [...]}`; checked against the form when a
definition is loaded or a form version saved, and described in words for residents and staff."""

import copy

import pytest
from django.core.exceptions import ValidationError

from madoguchi.procedures.conditions import check_requirements, is_required, requirement_text
from madoguchi.procedures.services import DATA_DIR, load_procedure_definition, save_form_version

from .conftest import definition
from .test_conditions import SCHEMA, UI

PROXY = {"field": "move.reason", "equals": "その他"}
APART = {"field": "members.list.living", "equals": "別居"}


@pytest.mark.parametrize(
    ("required", "data", "expected"),
    [
        (True, {}, True),
        (False, {}, False),
        (None, {}, False),
        (PROXY, {"move": {"reason": "その他"}}, True),
        (PROXY, {"move": {"reason": "転勤"}}, False),
        (PROXY, {}, False),  # unanswered: not needed (yet)
        # a controlling field in a repeated group: any row
        (APART, {"members": {"list": [{"living": "同居"}, {"living": "別居"}]}}, True),
        (APART, {"members": {"list": [{"living": "同居"}]}}, False),
        (APART, {"members": {"list": []}}, False),
        # a hidden controller meets nothing: detail is shown only for 結婚/その他
        ({"field": "move.detail", "equals": "x"}, {"move": {"reason": "転勤", "detail": "x"}}, False),
        ({"field": "move.detail", "equals": "x"}, {"move": {"reason": "結婚", "detail": "x"}}, True),
        # all of them
        (
            {"all": [PROXY, {"field": "move.whole_household", "equals": False}]},
            {"move": {"reason": "その他"}},
            False,
        ),
        (
            {"all": [PROXY, {"field": "move.whole_household", "equals": False}]},
            {"move": {"reason": "その他", "whole_household": False}},
            True,
        ),
        ({"field": "move.reason"}, {}, True),  # malformed (refused on load): never lets a document through
    ],
)
def test_is_required(required, data, expected):
    assert is_required(required, UI, data) is expected


@pytest.mark.parametrize(
    ("required", "message"),
    [
        ({"field": "move.reason"}, "required は true・false か"),
        ({"all": []}, "required は true・false か"),
        ({"field": "move.nothing", "equals": 1}, "条件の項目 move.nothing が様式にありません"),
        ({"field": "members.list", "equals": 1}, "以外は使えません"),
        ({"field": "move.reason", "equals": "離婚"}, '条件の値 "離婚" は、move.reason の答えになりません'),
        ({"field": "move.whole_household", "equals": "はい"}, "の答えになりません"),
        ({"all": [PROXY, {"field": "move.count", "equals": "3"}]}, '条件の値 "3"'),
    ],
)
def test_check_requirements_names_each_mistake(required, message):
    [problem] = check_requirements(SCHEMA, [{"code": "inin", "name": "委任状", "required": required}])
    assert "添付書類 inin" in problem and message in problem


def test_good_requirements_pass():
    attachments = [
        {"code": "a", "required": True},
        {"code": "b", "required": False},
        {"code": "c", "required": PROXY},
        {"code": "d", "required": APART},
        {"code": "e", "required": {"all": [PROXY, {"field": "move.count", "not_equals": 0}]}},
    ]
    assert check_requirements(SCHEMA, attachments) == []


def test_requirement_text():
    assert requirement_text(True, SCHEMA) == "必須"
    assert requirement_text(False, SCHEMA) == "任意"
    assert requirement_text(PROXY, SCHEMA) == "「理由」で「その他」を選んだ場合は必須"
    both = {"all": [PROXY, {"field": "move.whole_household", "equals": False}]}
    assert requirement_text(both, SCHEMA) == (
        "「理由」で「その他」を選んだ場合で、「世帯全員が転出する」にチェックしていない場合は必須"
    )


def test_a_definition_whose_requirement_does_not_fit_its_form_is_refused(departments):
    broken = definition("fukushi-yogu-konyu")
    broken["required_attachments"][0]["required"] = {"field": "bank_account.payee", "equals": "代理人"}
    with pytest.raises(ValidationError, match="答えになりません"):
        load_procedure_definition(broken)


def test_a_new_form_version_must_keep_what_the_attachments_depend_on(departments):
    from madoguchi.core.tests.factories import staff_member

    procedure = load_procedure_definition(definition("fukushi-yogu-konyu"))
    schema = copy.deepcopy(procedure.current_version.schema)
    account = schema["properties"]["bank_account"]
    del account["properties"]["payee"]
    for rule in account.get("allOf") or []:
        rule["then"]["required"] = [f for f in rule["then"]["required"] if f != "payee"]
    ui_schema = copy.deepcopy(procedure.current_version.ui_schema)
    del ui_schema["fields"]["bank_account.payee"]
    editor = staff_member(procedure.department, "sysadmin", username="kaigo-editor")
    with pytest.raises(ValidationError) as info:
        save_form_version(procedure, schema=schema, ui_schema=ui_schema, by=editor, publish=True)
    assert info.value.messages == [
        "添付書類 inin が必要になる条件の項目 bank_account.payee が様式にありません。"
    ]


def test_every_bundled_requirement_fits_its_form():
    import json

    for path in sorted(DATA_DIR.glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        assert check_requirements(item["schema"], item.get("required_attachments")) == [], item["code"]


def test_requirement_text_in_english():
    from django.utils import translation

    with translation.override("en"):
        assert requirement_text(True, SCHEMA) == "Required"
        assert requirement_text(False, SCHEMA) == "Optional"
        assert requirement_text(PROXY, SCHEMA) == "Required if you chose “その他” for “理由”"
