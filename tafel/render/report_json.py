"""report.json (format ``tafel/report``) as ``tafel merge --json`` writes it: one line per key and
per list entry, readable and diffable, made by json's C encoder in pieces (a large programme's
report runs to tens of megabytes, its topics' item ids to hundreds of thousands)."""

from __future__ import annotations

import json
import re
from itertools import groupby
from typing import Any

from tafel.domain.report import Report

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(v, ensure_ascii=False), made once
_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # what that encoder writes other than as is
_SAFE_ASCII = bytes(c for c in range(0x20, 0x100) if c not in b'"\\')  # what the encoder writes as is
_IDS = "\x00item_ids\x00"  # a stand-in for the ids while the rest is encoded
_IDS_JSON = _ENCODE(_IDS)


def _strings(values: list[Any]) -> str | None:
    """A list of plain strings exactly as the encoder writes it, in one join: a topic's item ids
    run into the hundreds of thousands in a large programme. None when one would need escaping."""
    try:
        joined = '", "'.join(values)
    except TypeError:
        return None
    if joined.isascii():
        # In bytes, everything but quotes, backslashes and control characters deleted: then only the
        # separators' quotes may be left (C passes; the pattern below takes longer than all of them).
        if len(joined.encode("ascii").translate(None, _SAFE_ASCII)) != 2 * max(len(values) - 1, 0):
            return None
    elif _ESCAPED.search("".join(values)):
        return None
    return f'["{joined}"]' if values else "[]"


def _dump_parts(value: Any) -> list[str]:
    """``_dump(value)`` in pieces: a topic's item ids are not copied into its line, only into the file."""
    if isinstance(value, dict) and isinstance(value.get("item_ids"), list):
        ids = _strings(value["item_ids"])
        if ids is not None:
            encoded = _ENCODE({**value, "item_ids": _IDS})
            if encoded.count(_IDS_JSON) == 1:
                before, after = encoded.split(_IDS_JSON)
                return [before, ids, after]
    return [_ENCODE(value)]


def _dump(value: Any) -> str:
    return "".join(_dump_parts(value))


_SPLIT = json.JSONEncoder(ensure_ascii=False, separators=("\x00", ": ")).encode  # list items apart by NUL


def _rows(rows: list[Any]) -> list[str] | None:
    """Flat dicts (scalar values, as the report's directions, advice, sources and tables are: tens
    of thousands of rows) each exactly as the encoder writes it, with one encoder call for all their
    values instead of one per row. The values are encoded as one list with NUL between them: the
    encoder writes a NUL inside a string as ``\\u0000``, so splitting there gives each value's JSON.
    A value holding two or more of its own (a list, a dict) adds pieces: then None, and each row is
    encoded on its own."""
    if not all(type(row) is dict for row in rows):
        return None
    if any(type(v) in (list, dict) and len(v) > 1 for v in rows[0].values()):
        return None  # (a topic's item ids: no use encoding them all to find out)
    values = [v for row in rows for v in row.values()]
    pieces = _SPLIT(values)[1:-1].split("\x00") if values else []
    if len(pieces) != len(values):
        return None
    out: list[str] = []
    at = 0
    # Rows with the same keys (all of them, most often) are written with one format string.
    for keys, run in groupby(map(tuple, rows)):
        if not all(type(k) is str for k in keys):
            return None  # (the encoder writes other keys its own way)
        count = sum(1 for _ in run)
        fields = ", ".join(_ENCODE(k).replace("%", "%%") + ": %s" for k in keys)
        row = f"{{{fields}}}"
        end = at + count * len(keys)
        out.append(",\n    ".join([row] * count) % tuple(pieces[at:end]))
        at = end
    return out


def _report_parts(report: Report) -> list[str]:
    """The report as JSON, one line per key and per list entry: readable and diffable, and written
    by json's C encoder (``indent`` would switch to its pure-Python one, ten times slower). In
    pieces, joined once: a large programme's report runs to tens of megabytes."""
    parts: list[str] = ["{\n"]
    for number, (key, value) in enumerate(report.to_json().items()):
        parts.append(f",\n  {_ENCODE(key)}: " if number else f"  {_ENCODE(key)}: ")
        if isinstance(value, list) and value:
            parts.append("[\n    ")
            rows = _rows(value)
            if rows is not None:
                parts.append(",\n    ".join(rows))
            else:
                for n, entry in enumerate(value):
                    if n:
                        parts.append(",\n    ")
                    parts += _dump_parts(entry)
            parts.append("\n  ]")
        else:
            parts.append(_ENCODE(value))
    parts.append("\n}\n")
    return parts


def report_json(report: Report) -> str:
    """The report as JSON (format ``tafel/report``), as ``tafel merge --json`` writes it."""
    return "".join(_report_parts(report))


def report_json_bytes(report: Report) -> bytes:
    """``report_json(report)`` in UTF-8, made without the text as a whole: one arrow in a tension
    would widen all of it (its ids included) to two bytes a character first."""
    return b"".join(part.encode("utf-8") for part in _report_parts(report))
