"""Checking thousands of exports quickly, with exactly the verdict of ``tafel.schema``.

The schema's one ``if``/``then`` (a value item needs its card) makes fastjsonschema raise and
catch an exception for every item that is not a value card: most of the time spent validating.
Here that rule is checked in Python against a copy of the schema without it, and the rules the
schema cannot say are checked in bulk (a control character can only arrive as a ``\\u`` escape
or a raw DEL, so a file without either needs no per-field scan). Whatever this fast path does
not accept goes through ``validate_document``, which either accepts it or says what is wrong in
its own words: the fast path can only be faster, never more lenient.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from tafel.schema import schema, validate_document

_CONTROL_ESCAPE = re.compile(rb"\\u00[01][0-9a-fA-F]|\\u007[fF]|\x7f")


@cache
def _without_if_then() -> Callable[[Any], Any]:
    import fastjsonschema

    reduced = copy.deepcopy(schema())
    item = reduced["properties"]["items"]["items"]
    assert item.pop("allOf") == [
        {"if": {"properties": {"kind": {"const": "value"}}},
         "then": {"required": ["value"], "properties": {"value": {"type": "string", "minLength": 1}}}}
    ], "the schema changed: update the fast path's copy of its if/then rule"
    return fastjsonschema.compile(reduced)


def _quick(doc: Any, raw: bytes) -> bool:
    """True only when ``validate_document`` would accept ``doc`` too."""
    if not isinstance(doc, dict) or doc.get("format") != "tafel/table" or doc.get("version") != 1:
        return False
    table = doc.get("table")
    if not isinstance(table, dict) or not table.get("id"):
        return False
    try:
        _without_if_then()(doc)
    except Exception:
        return False
    ids: list[str] = [p["id"] for p in doc["participants"]]
    for item in doc["items"]:
        if item["kind"] == "value":
            value = item.get("value")
            if not isinstance(value, str) or not value:
                return False
        ids.append(item["id"])
    if len(set(ids)) != len(ids):
        return False
    try:
        dt.date.fromisoformat(table["date"])
    except ValueError:
        return False
    if b"\\u00" not in raw and b"\x7f" not in raw:  # plain substring search first: much faster
        return True
    return _CONTROL_ESCAPE.search(raw) is None


def check_export(doc: Any, raw: bytes) -> None:
    """Raise the schema's TafelError when ``doc`` (parsed from ``raw``) is not a valid export."""
    if not _quick(doc, raw):
        validate_document(doc)
