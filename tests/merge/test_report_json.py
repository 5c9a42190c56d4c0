"""report.json is written line by line by json's encoder; the item id lists of topics, tensions and
spelling suggestions (thousands in a large programme) are joined in one go. Byte for byte the same
as json.dumps, whatever the strings hold."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tafel.render.report_json import _dump

ENTRIES: list[dict[str, Any]] = [
    {"theme": "verkokering", "words": ["verkokering", "schotten"], "item_ids": ["a-1", "b-2"], "tables": 2},
    {"tension": "x ↔ y", "item_ids": []},
    {"word": "quote", "item_ids": ['say "hi"', "back\\slash", "tab\there", "nl\n", "é ü", "\u2028", "\ud800"]},
    {"theme": "\x00item_ids\x00", "item_ids": ["a"]},  # the stand-in itself in the text
    {"theme": "t", "item_ids": ["a", None, 3]},  # not all strings
    {"theme": "no ids", "words": ["a"]},
]


@pytest.mark.parametrize("entry", ENTRIES)
def test_each_entry_as_json_dumps_writes_it(entry: dict[str, Any]) -> None:
    assert _dump(entry) == json.dumps(entry, ensure_ascii=False)


ROWS: list[list[Any]] = [
    [{"table": "t1", "rank": 1, "text": 'say "hi" %s %%', "item": "i1", "theme": None},
     {"table": "t2", "rank": None, "text": "nul\x00 tab\t é \u2028", "item": "i2", "theme": "x"},
     {"table": "t3", "rank": 2, "text": "", "item": "i3", "theme": "x", "direction": "d"},
     {"table": "t4", "rank": 3, "text": "a", "item": "i4", "theme": None}],
    [{"%s key": 1.5, "b": True, "c": [], "d": ["one"], "e": {"k": "v"}}, {}],
    [{"a": ["two", "items"], "b": 1}, {"a": 2, "b": 3}],  # a value of two values: each row on its own
    [{"a": {"x": 1, "y": 2}}],
    [{1: "int key"}, {"a": 1}],
    [{"a": 1}, ["not a dict"]],
]


@pytest.mark.parametrize("rows", ROWS)
def test_rows_written_together_as_json_dumps_writes_each(rows: list[Any]) -> None:
    from tafel.render.report_json import _rows

    written = _rows(rows)
    if rows is ROWS[0] or rows is ROWS[1]:
        assert written is not None  # the fast path is taken
    if written is not None:
        assert ",\n    ".join(written) == ",\n    ".join(json.dumps(r, ensure_ascii=False) for r in rows)
    else:  # rows the fast path cannot write: each is encoded on its own
        assert any(type(r) is not dict or any(isinstance(v, (list, dict)) and len(v) > 1 for v in r.values())
                   or any(type(k) is not str for k in r) for r in rows)


def test_plain_ids_are_joined_without_the_encoder() -> None:
    """The fast path is taken (it never was while the check looked at the joined text's own quotes)."""
    from tafel.render.report_json import _strings

    assert _strings(["a-1", "b-2", "é"]) == '["a-1", "b-2", "é"]'
    assert _strings([]) == "[]"
    assert _strings(["a", 'b"']) is None and _strings(["a", "tab\t"]) is None and _strings(["é", "\\"]) is None
