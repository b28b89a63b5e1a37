"""A form's fields come back in the order they were written, on PostgreSQL too (jsonb sorts keys)."""

import pytest

from madoguchi.procedures.models import ProcedureVersion
from madoguchi.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_schema_keys_keep_their_order():
    names = ["remaining_head_name", "planned_date", "new_municipality", "a", "whole_household"]
    schema = {
        "type": "object",
        "properties": {"move": {"type": "object", "properties": dict.fromkeys(names, {})}},
    }
    version = ProcedureVersion.objects.create(
        procedure=ProcedureFactory(), number=1, schema=schema, ui_schema={"z": 1, "b": 2}
    )
    stored = ProcedureVersion.objects.get(pk=version.pk)
    assert list(stored.schema["properties"]["move"]["properties"]) == names
    assert list(stored.ui_schema) == ["z", "b"]
