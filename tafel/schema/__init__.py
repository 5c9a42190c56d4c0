"""Validation of table exports against the project's copy of the interchange schema.

The schema (``tafel-table-v1.schema.json``) is the contract with organisers; it is compiled
once per process with fastjsonschema, which is fast enough to check thousands of files. A few
rules the schema cannot say (real calendar dates, unique ids, no NUL bytes) are checked here too.
"""

from __future__ import annotations

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


@cache
def schema() -> dict[str, Any]:
    return json.loads(files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@cache
def _validator() -> Callable[[Any], Any]:
    import fastjsonschema  # imported on first use: the TUI's start should not pay for it

    return fastjsonschema.compile(schema())


def _json_path(name: str) -> str:
    """fastjsonschema's ``data.items[0].kind`` as the user's ``items[0].kind``."""
    return name.removeprefix("data").lstrip(".") or "(document)"


def invalid(path: str, detail: str, **params: Any) -> TafelError:
    return TafelError("export.invalid", path=path, detail=detail, **params)


def validate_document(doc: Any) -> None:
    """Raise TafelError ``export.invalid`` naming the first place where ``doc`` breaks the contract."""
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
        raise invalid(_json_path(exc.name), "schema", message=_json_path(exc.message)) from None
    _check_rules(doc)


def _check_rules(doc: dict[str, Any]) -> None:
    try:
        dt.date.fromisoformat(doc["table"]["date"])
    except ValueError:
        raise invalid("table.date", "bad_date", found=doc["table"]["date"]) from None
    for key in ("title", "programme", "location", "moderator"):
        _check_text(doc["table"].get(key), f"table.{key}")
    seen: set[str] = set()
    for i, p in enumerate(doc["participants"]):
        if p["id"] in seen:
            raise invalid(f"participants[{i}].id", "duplicate_id", found=p["id"])
        seen.add(p["id"])
        _check_text(p.get("name"), f"participants[{i}].name")
        _check_text(p.get("sector"), f"participants[{i}].sector")
    for i, item in enumerate(doc["items"]):
        if item["id"] in seen:
            raise invalid(f"items[{i}].id", "duplicate_id", found=item["id"])
        seen.add(item["id"])
        _check_text(item["text"], f"items[{i}].text")
        _check_text(item.get("value"), f"items[{i}].value")
        for key in ("refs", "between", "tags"):
            for j, entry in enumerate(item.get(key) or ()):
                _check_text(entry, f"items[{i}].{key}[{j}]")


def _check_text(value: Any, path: str) -> None:
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            raise invalid(path, "control_char", code=f"U+{ord(found.group()):04X}", at=found.start() + 1)
