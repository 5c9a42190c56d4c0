"""report.json is written line by line by json's encoder; the item id lists of topics, tensions and
spelling suggestions (thousands in a large programme) are joined in one go. Byte for byte the same
as json.dumps, whatever the strings hold."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tafel.services.merge import _dump

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
