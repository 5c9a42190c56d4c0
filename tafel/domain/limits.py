"""Lengths the export format allows; checked when text is entered, so an export never fails later."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tafel.domain.errors import TafelError

# Field → the schema's maxLength (tafel-table-v1.schema.json).
MAX_LENGTH = {
    "title": 200, "location": 200, "moderator": 200, "name": 200, "sector": 100,
    "text": 10_000, "value": 100, "refs": 100, "between": 200, "tags": 100,
}


def check_lengths(fields: dict[str, Any]) -> None:
    """Raise ``text.too_long`` for the first field (or list entry) longer than the format allows."""
    for key, value in fields.items():
        limit = MAX_LENGTH.get(key)
        if limit is None or value is None:
            continue
        entries: Iterable[Any] = value if isinstance(value, list | tuple) else (value,)
        for entry in entries:
            if isinstance(entry, str) and len(entry) > limit:
                raise TafelError("text.too_long", field=key, length=len(entry), max=limit)
    if "title" in fields and isinstance(fields["title"], str) and not fields["title"].strip():
        raise TafelError("text.title_empty")
