import csv
import io
from decimal import Decimal

import pytest

from madoguchi.core import csvsafe


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1-1+cmd|' /C calc'!A0", "-2+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "-1", "+81"],
)
def test_text_starting_a_formula_is_quoted(text):
    assert csvsafe.cell(text) == "'" + text


@pytest.mark.parametrize("value", [-2, 0, 3.5, -1.25, Decimal("-300"), 12000])
def test_numbers_pass_by_type(value):
    assert csvsafe.cell(value) == value


@pytest.mark.parametrize(
    "value,expected", [(None, ""), (True, "True"), ("窓口　花子", "窓口　花子"), ("a=b", "a=b")]
)
def test_other_values(value, expected):
    assert csvsafe.cell(value) == expected


def test_writer_escapes_every_cell():
    buffer = io.StringIO()
    csvsafe.writer(buffer).writerows([["=cmd", -5], ["ok", "-5"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=cmd", "-5"], ["ok", "'-5"]]
