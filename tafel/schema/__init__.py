"""Validation of table exports against the project's copy of the interchange schema.

The schema (``tafel-table-v1.schema.json``) is the contract with organisers; it is compiled
once per process with fastjsonschema, which is fast enough to check thousands of files. A few
rules the schema cannot say (real calendar dates, unique ids, no NUL bytes) are checked here too.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any

from tafel.domain.errors import TafelError

SCHEMA_FILE = "tafel-table-v1.schema.json"
# C0 control characters other than tab, newline and carriage return: they break PDF, HTML and
# terminals downstream, so an export carrying them is refused with the place named.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# How such a character can stand in a document's JSON text: JSON strings hold C0 characters only
# as escapes (\u0000-\u001f, \b, \f), DEL also as itself. Text without any of these holds none of
# them, and its strings need no search (a hit, even an escaped backslash before a "b", does).
_CONTROL_IN_JSON = re.compile(r"\\(?:u00[01][0-9a-fA-F]|u007[fF]|[bf])|\x7f")


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> Callable[[Any], Any]:
    """The schema compiled without its one ``if``/``then`` (a value item needs a value).

    fastjsonschema checks that rule by raising and catching an exception for every item that is
    not a value card, which made validation three times slower; ``_check_rules`` says the same
    thing in the schema's own words instead. tests/merge/test_validation.py holds the two to one
    verdict.
    """
    import fastjsonschema  # imported on first use: the TUI's start should not pay for it

    derived = copy.deepcopy(schema())
    derived["properties"]["items"]["items"].pop("allOf")
    return fastjsonschema.compile(derived)


def _json_path(name: str) -> str:
    """fastjsonschema's ``data.items[0].kind`` as the user's ``items[0].kind``."""
    return name.removeprefix("data").lstrip(".") or "(document)"


def invalid(path: str, detail: str, **params: Any) -> TafelError:
    return TafelError("export.invalid", path=path, detail=detail, **params)


def validate_document(doc: Any, source: str | None = None) -> None:
    """Raise TafelError ``export.invalid`` naming the first place where ``doc`` breaks the contract.

    ``source``: the JSON text ``doc`` was parsed from (strictly, as ``json.loads`` does), when there is one.
    """
    if not isinstance(doc, dict):
        raise invalid("(document)", "not_object")
    fmt = doc.get("format")
    if fmt != "tafel/table":
        raise invalid("format", "wrong_format", found=fmt)
    version = doc.get("version")
    if version != 1:
        raise invalid("version", "wrong_version", found=version)
    table = doc.get("table")
    if not isinstance(table, dict) or not table.get("id"):
        raise invalid("table.id", "missing_table_id")
    import fastjsonschema

    try:
        _validator()(doc)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise invalid(_json_path(exc.name or "data"), "schema", message=_json_path(exc.message)) from None
    _check_rules(doc, source)


def _check_rules(doc: dict[str, Any], source: str | None = None) -> None:
    try:
        dt.date.fromisoformat(doc["table"]["date"])
    except ValueError:
        raise invalid("table.date", "bad_date", found=doc["table"]["date"]) from None
    participants, items = doc["participants"], doc["items"]
    for i, item in enumerate(items):
        if item["kind"] == "value":
            _check_value_card(item, i)
    ids = [p["id"] for p in participants] + [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        _find_duplicate(participants, items)
    # One search over all the text of a file; only a hit pays for finding its place.
    if source is not None and not _CONTROL_IN_JSON.search(source):
        return
    if _CONTROL.search("\n".join(_texts(doc))):
        _find_control(doc)


def _texts(doc: dict[str, Any]) -> list[str]:
    head = doc["table"]
    out = [v for v in (head.get(k) for k in _TABLE_TEXT) if isinstance(v, str)]
    for p in doc["participants"]:
        out += [v for v in (p.get("name"), p.get("sector")) if isinstance(v, str)]
    for item in doc["items"]:
        out.append(item["text"])
        if isinstance(item.get("value"), str):
            out.append(item["value"])
        for key in _ITEM_LISTS:
            out += item.get(key) or ()
    return out


_TABLE_TEXT = ("title", "programme", "location", "moderator")
_ITEM_LISTS = ("refs", "between", "tags")


def _find_duplicate(participants: list[dict[str, Any]], items: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    places = [(f"participants[{i}].id", p["id"]) for i, p in enumerate(participants)]
    places += [(f"items[{i}].id", item["id"]) for i, item in enumerate(items)]
    for path, found in places:
        if found in seen:
            raise invalid(path, "duplicate_id", found=found)
        seen.add(found)


def _find_control(doc: dict[str, Any]) -> None:
    for key in _TABLE_TEXT:
        _check_text(doc["table"].get(key), f"table.{key}")
    for i, p in enumerate(doc["participants"]):
        _check_text(p.get("name"), f"participants[{i}].name")
        _check_text(p.get("sector"), f"participants[{i}].sector")
    for i, item in enumerate(doc["items"]):
        _check_text(item["text"], f"items[{i}].text")
        _check_text(item.get("value"), f"items[{i}].value")
        for key in _ITEM_LISTS:
            for j, entry in enumerate(item.get(key) or ()):
                _check_text(entry, f"items[{i}].{key}[{j}]")


def _check_value_card(item: dict[str, Any], i: int) -> None:
    """The schema's if/then for value items, in fastjsonschema's words."""
    if "value" not in item:
        raise invalid(f"items[{i}]", "schema", message=f"items[{i}] must contain ['value'] properties")
    if not isinstance(item["value"], str):
        raise invalid(f"items[{i}].value", "schema", message=f"items[{i}].value must be string")
    if not item["value"]:
        message = f"items[{i}].value must be longer than or equal to 1 characters"
        raise invalid(f"items[{i}].value", "schema", message=message)


def _check_text(value: Any, path: str) -> None:
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            raise invalid(path, "control_char", code=f"U+{ord(found.group()):04X}", at=found.start() + 1)
