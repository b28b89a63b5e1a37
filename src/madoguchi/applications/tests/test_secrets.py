"""個人番号 kept out of an application's data: masked where it was, the numbers kept by path."""

import json

from madoguchi.applications.secrets import merge_secrets, split_secrets
from madoguchi.core.japanese import mask_my_number

SCHEMA = {
    "type": "object",
    "properties": {
        "applicant": {
            "type": "object",
            "properties": {"my_number": {"type": "string", "format": "my-number"}},
        },
        "children": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"my_number": {"type": "string", "format": "my-number"}},
            },
        },
        "note": {"type": "string"},
    },
}


def test_numbers_are_masked_in_a_copy_and_kept_by_path():
    data = {
        "applicant": {"my_number": "123456789018"},
        "children": [{"my_number": ""}, {"my_number": "987654321098"}],
        "note": "国分寺",
    }
    public, secrets = split_secrets(SCHEMA, data)
    assert public["applicant"]["my_number"] == mask_my_number("123456789018") != "123456789018"
    assert public["children"][1]["my_number"] == mask_my_number("987654321098")
    assert public["children"][0]["my_number"] == "" and public["note"] == "国分寺"
    assert json.loads(secrets) == {
        "applicant.my_number": "123456789018",
        "children.1.my_number": "987654321098",
    }
    assert data["applicant"]["my_number"] == "123456789018"  # the caller's data is left as it was
    assert merge_secrets(SCHEMA, public, secrets) == data


def test_data_without_a_number_is_not_copied():
    data = {"applicant": {"my_number": ""}, "children": [], "note": "x"}
    public, secrets = split_secrets(SCHEMA, data)
    assert public is data and secrets == ""
