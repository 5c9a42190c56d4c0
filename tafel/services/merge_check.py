"""Checking thousands of exports quickly, with exactly the verdict of ``tafel.schema``.

fastjsonschema's generated validator spends most of its time on the schema's one ``if``/``then``
(it raises and catches an exception for every item that is not a value card) and on generic
type dispatch. Here the same rules are checked by hand for the common case: plain dicts, lists,
strings and ints, with the very regular expressions fastjsonschema compiles for this schema.
Anything unusual (a float where an integer belongs, a control character escape, a rule broken)
is handed to ``validate_document``, which either accepts the file or says what is wrong in its
own words. The fast path can only be faster, never more lenient: tests/merge/test_fast_check.py
mutates exports field by field and holds it to that.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from tafel.schema import schema, validate_document

_CONTROL_ESCAPE = re.compile(rb"\\u00[01][0-9a-fA-F]|\\u007[fF]|\x7f")
KINDS = frozenset({"value", "direction", "concept", "example", "tension", "advice", "note"})
_NEEDED = ("uuid_re_pattern", "date-time_re_pattern", "date_re_pattern", "^[a-z0-9][a-z0-9-]{0,63}$", "^[a-z]{2}$")


@cache
def _patterns() -> dict[str, re.Pattern[str]] | None:
    """The regular expressions fastjsonschema compiles for the schema (formats and patterns)."""
    import fastjsonschema

    scope: dict[str, Any] = {}
    exec(fastjsonschema.compile_to_code(schema()), scope)  # the library's own generated code
    found = scope.get("REGEX_PATTERNS", {})
    return found if all(k in found for k in _NEEDED) else None


def _text(value: Any, most: int, least: int = 0) -> bool:
    return type(value) is str and least <= len(value) <= most


def _maybe_text(value: Any, most: int) -> bool:
    return value is None or (type(value) is str and len(value) <= most)


def _texts(value: Any, most: int, items: int = 1_000_000) -> bool:
    return type(value) is list and len(value) <= items and all(type(v) is str and len(v) <= most for v in value)


def _quick(doc: Any, raw: bytes) -> bool:
    """True only when ``validate_document`` would accept ``doc`` too."""
    pats = _patterns()
    if pats is None or type(doc) is not dict:
        return False
    uuid: Callable[[str], Any] = pats["uuid_re_pattern"].match
    moment: Callable[[str], Any] = pats["date-time_re_pattern"].match
    if doc.get("format") != "tafel/table" or type(doc.get("version")) is not int or doc["version"] != 1:
        return False
    if "exported_at" in doc and not (type(doc["exported_at"]) is str and moment(doc["exported_at"])):
        return False
    if "generator" in doc and type(doc["generator"]) is not str:
        return False
    table, people, items = doc.get("table"), doc.get("participants"), doc.get("items")
    if type(table) is not dict or type(people) is not list or type(items) is not list:
        return False
    tid, date, canvas = table.get("id"), table.get("date"), table.get("canvas")
    if not (type(tid) is str and uuid(tid) and type(date) is str and pats["date_re_pattern"].match(date)):
        return False
    if not (type(canvas) is str and pats["^[a-z0-9][a-z0-9-]{0,63}$"].search(canvas)):
        return False
    if not _text(table.get("title"), 200, 1) or not _maybe_text(table.get("programme"), 10**9):
        return False
    if not (_maybe_text(table.get("location"), 200) and _maybe_text(table.get("moderator"), 200)):
        return False
    if "canvas_version" in table and not (type(table["canvas_version"]) is int and table["canvas_version"] >= 1):
        return False
    if "language" in table and not (type(table["language"]) is str and pats["^[a-z]{2}$"].search(table["language"])):
        return False
    for key in ("started_at", "ended_at"):
        value = table.get(key)
        if value is not None and not (type(value) is str and moment(value)):
            return False
    if len(people) > 100 or len(items) > 5000:
        return False
    ids: list[str] = []
    for p in people:
        if type(p) is not dict:
            return False
        pid = p.get("id")
        if not (type(pid) is str and uuid(pid)):
            return False
        if not (_maybe_text(p.get("name"), 200) and _maybe_text(p.get("sector"), 100)):
            return False
        ids.append(pid)
    for item in items:
        if type(item) is not dict:
            return False
        iid, kind = item.get("id"), item.get("kind")
        if not (type(iid) is str and uuid(iid) and type(kind) is str and kind in KINDS):
            return False
        if not (_text(item.get("round"), 64, 1) and _text(item.get("text"), 10_000)):
            return False
        value = item.get("value")
        if kind == "value":
            if not _text(value, 100, 1):
                return False
        elif not _maybe_text(value, 100):
            return False
        for key, most, count in (("refs", 100, 1_000_000), ("between", 200, 2), ("tags", 100, 1_000_000)):
            if key in item and not _texts(item[key], most, count):
                return False
        who = item.get("participant")
        if who is not None and not (type(who) is str and uuid(who)):
            return False
        rank = item.get("rank")
        if rank is not None and not (type(rank) is int and rank >= 1):
            return False
        made = item.get("created_at")
        if made is not None and not (type(made) is str and moment(made)):
            return False
        ids.append(iid)
    if len(set(ids)) != len(ids):
        return False
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        return False
    if b"\\u00" not in raw and b"\x7f" not in raw:  # plain substring search first: much faster
        return True
    return _CONTROL_ESCAPE.search(raw) is None


def check_export(doc: Any, raw: bytes) -> None:
    """Raise the schema's TafelError when ``doc`` (parsed from ``raw``) is not a valid export."""
    if not _quick(doc, raw):
        validate_document(doc)
