"""core.jsonsafe: untrusted JSON refused before it can crash the parser or the database."""

import pytest

from madoguchi.core import jsonsafe


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "}}}"]', 1),  # brackets inside strings do not count
        ('["\\"[[[", {"k\\\\": [1]}]', 3),  # nor after an escaped quote; an escaped backslash ends
    ],
)
def test_nesting_depth_is_counted_outside_strings(text, depth):
    assert jsonsafe.nesting_depth(text) == depth


def test_sixty_four_levels_are_read_and_sixty_five_are_refused():
    assert jsonsafe.loads("[" * 64 + "]" * 64) is not None
    with pytest.raises(jsonsafe.JSONInputError, match="入れ子が深すぎます"):
        jsonsafe.loads("[" * 65 + "]" * 65)
    with pytest.raises(jsonsafe.JSONInputError):
        jsonsafe.loads(b"[" * 100_000)  # no RecursionError, whatever the depth


@pytest.mark.parametrize("text", ['{"a": NaN}', "[Infinity]", "-Infinity", "1e400", b"\xff", "{", "1" * 5000])
def test_what_is_not_json_or_cannot_be_stored_is_refused(text):
    with pytest.raises(jsonsafe.JSONInputError):
        jsonsafe.loads(text)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("消火栓\t防火水槽\r\n", None),
        ("a\x00b", "\x00"),
        ({"ok": ["x", {"k\x1b": 1}]}, "\x1b"),
        (["\x7f"], "\x7f"),
        ({"n": 5, "b": None}, None),
    ],
)
def test_control_characters_other_than_tab_and_newlines_are_found(value, found):
    assert jsonsafe.control_character(value) == found


def test_the_control_characters_found_are_exactly_unicodes_but_tab_and_newlines():
    import sys
    import unicodedata

    controls = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cc"}
    found = {chr(c) for c in range(0x250) if jsonsafe.control_character("あ" + chr(c)) is not None}
    assert found == controls - {"\t", "\n", "\r"}
