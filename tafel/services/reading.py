"""Reading an export's bytes: into its validated document, or (for a merge, most files by a fast
path) straight into its Table. Whatever can be wrong with a file (not one, too large, not UTF-8, not
JSON, not an export, a zip or a PDF given instead) is one TafelError naming it and its place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any, cast

from tafel.domain.errors import TafelError
from tafel.domain.exchange import table_from_export
from tafel.domain.table import Table
from tafel.files import FileTooLarge, NotRegularFile, read_regular
from tafel.i18n.syntax import json_error
from tafel.schema import schema, validate_document

# A real table is well under 1 MB; anything much larger is not an export (or a mistake).
MAX_FILE_BYTES = 20 * 1024 * 1024


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing what cannot be an export before reading it.

    Only a regular file is opened (through symlinks): a named pipe would hang, a device never ends.
    """
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except FileTooLarge as exc:
        raise too_large(exc.size) from None
    except IsADirectoryError:
        raise TafelError("file.is_folder") from None
    except FileNotFoundError:
        raise TafelError("file.not_found") from None
    except NotRegularFile as exc:
        raise TafelError(f"file.not_regular_{exc.kind}") from None
    except OSError as exc:
        raise TafelError("file.unreadable", error=exc.strerror or str(exc)) from None
    if len(raw) > MAX_FILE_BYTES:  # it grew while being read
        raise too_large(len(raw))
    return raw


def too_large(size: int) -> TafelError:
    return TafelError("file.too_large", size_mb=f"{size / 1_048_576:.1f}", max_mb=MAX_FILE_BYTES // 1_048_576)


class _Constant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


class _Overflow(ValueError):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal if len(literal) <= 20 else literal[:19] + "…"


def _finite(literal: str) -> float:
    value = float(literal)
    if value - value != 0:  # 1e400 overflows to infinity, which would be written back as Infinity
        raise _Overflow(literal)
    return value


# Python's json reads NaN and Infinity, which JSON does not have (and which would be written back
# out as invalid JSON), and 1e400 as infinity; one decoder made once, as json.loads would make one
# per call. Exports hold almost no fractions, so checking each one costs nothing.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite)
# A surrogate escape in the raw text (\ud800-\udfff); only then are the strings searched for a
# lone one, which UTF-8 cannot hold (SQLite and every file written later would fail on it).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _lone_surrogate(value: Any) -> str | None:
    """The JSON path of the first string (or key) holding a lone surrogate; walked without recursion."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return path or "(document)"
        elif isinstance(node, dict):
            for key, child in reversed(node.items()):
                # An odd key is shown as JSON (escaped), as lone_surrogate_at does: the message names
                # the place without carrying the surrogate itself (a skipped file's message is
                # written into the report, which UTF-8 cannot hold it in).
                shown = key if _PLAIN_KEY.fullmatch(key) else json.dumps(key)
                sub = f"{path}.{shown}" if path else shown
                if _SURROGATE.search(key):
                    return sub
                stack.append((sub, child))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(node))))
    return None


# Unknown fields are kept (a newer tafel's), so they reach the database and every later export; the
# schema bounds the depth of the known ones. 32 levels inside an unknown field is plenty, and keeps
# every later step (storing, exporting, a deeper call stack in the TUI) far from Python's limit.
MAX_EXTRA_DEPTH = 32


def _known(part: dict[str, Any]) -> frozenset[str]:
    return frozenset(part.get("items", part)["properties"])


@cache
def _known_keys() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    props = schema()["properties"]
    return frozenset(props), _known(props["table"]), _known(props["participants"]), _known(props["items"])


def _too_deep(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > MAX_EXTRA_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False


def _deep_extra(doc: dict[str, Any]) -> bool:
    """Whether an unknown field of a validated document nests deeper than MAX_EXTRA_DEPTH."""
    top, table, participant, item = _known_keys()
    parts = [(doc, top), (doc["table"], table)]
    # The keys of all participants (and of all items) gathered in C: usually no unknown one at all.
    if not set().union(*map(dict.keys, doc["participants"])) <= participant:
        parts += [(p, participant) for p in doc["participants"]]
    if not set().union(*map(dict.keys, doc["items"])) <= item:
        parts += [(i, item) for i in doc["items"]]
    for part, known in parts:
        if not part.keys() <= known and any(_too_deep(part[k]) for k in part.keys() - known):
            return True
    return False


# SQLite keeps integers in 64 bits; the schema sets no maximum.
MAX_INTEGER = 2**63 - 1


def _integer_too_large(doc: dict[str, Any]) -> TafelError | None:
    # The largest rank found in C (a regex for long digit runs cost more than parsing did).
    largest = max(filter(None, map(dict.get, doc["items"], repeat("rank"))), default=0)
    if largest <= MAX_INTEGER and (doc["table"].get("canvas_version") or 0) <= MAX_INTEGER:
        return None
    places = [("table.canvas_version", doc["table"].get("canvas_version"))]
    places += [(f"items[{i}].rank", item.get("rank")) for i, item in enumerate(doc["items"])]
    for path, value in places:
        if isinstance(value, int) and value > MAX_INTEGER:
            found = str(value) if value < 10**30 else f"{str(value)[:12]}…"
            return TafelError("export.invalid", path=path, detail="too_big", found=found, max=MAX_INTEGER)
    return None


def without_bom(raw: bytes) -> bytes:
    """The UTF-8 of an export saved with a byte order mark: Notepad on Windows writes one in UTF-8
    when an export is opened and saved again, and PowerShell 5 (``> file``) writes UTF-16 with one.
    RFC 8259 lets a reader ignore the mark; the text itself is the same either way."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16").encode("utf-8")
        except UnicodeError:  # not UTF-16 after all (or a lone surrogate): named as not UTF-8
            return raw
    return raw


# What else an organiser finds beside table.json (tafel export writes the summary PDF there too)
# and may pass to tafel import by mistake: a zip (also .docx), a PDF.
_NOT_AN_EXPORT = ((b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"%PDF-", "PDF"))


def parse_document(raw: bytes) -> dict[str, Any]:
    """An export's bytes to a validated document; a TafelError names the problem and its place."""
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(len(raw))
    raw = without_bom(raw)
    for magic, kind in _NOT_AN_EXPORT:
        if raw.startswith(magic):  # else named as "not UTF-8" or "truncated?", which it is not
            raise TafelError("exchange_file.other_kind", kind=kind)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw, exc.start)
        raise TafelError("file.not_utf8", line=line, column=column) from None
    if not text.strip():
        raise TafelError("file.empty")
    try:
        doc = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise TafelError("file.bad_json", line=exc.lineno, column=exc.colno, error=json_error(exc.msg)) from None
    except _Constant as exc:
        raise TafelError("file.not_a_number", constant=exc.name) from None
    except _Overflow as exc:
        raise TafelError("file.number_too_large", number=exc.literal) from None
    except ValueError:  # an integer of more than 4300 digits (Python's limit on converting them)
        raise TafelError("file.number_too_long") from None
    except RecursionError:
        raise TafelError("file.too_deep") from None
    if _SURROGATE_ESCAPE.search(raw):
        where = _lone_surrogate(doc)
        if where is not None:
            raise TafelError("file.lone_surrogate", path=where)
    try:
        validate_document(doc, source=text)
    except RecursionError:
        raise TafelError("file.too_deep") from None
    if _deep_extra(doc):
        raise TafelError("file.too_deep")
    if (too_big := _integer_too_large(doc)) is not None:
        raise too_big
    return cast(dict[str, Any], doc)  # validate_document refused anything but an object


@cache
def _fast_reader() -> Callable[[bytes], tuple[Table, str | None] | None]:
    from tafel.schema.fast import read_table  # msgspec: loaded only where exports are read

    return read_table


def parse_table(raw: bytes) -> tuple[Table, str | None]:
    """An export's bytes to its table and ``exported_at``: what ``table_from_export(parse_document(raw))``
    gives, or the same TafelError.

    Most files take the fast path (tafel.schema.fast: decoded and checked in one pass, several times
    faster, which a merge of thousands of files feels); a file it cannot vouch for is read the slow
    way, which accepts it or names its problem.
    """
    raw = without_bom(raw)
    found = _fast_reader()(raw) if len(raw) <= MAX_FILE_BYTES else None
    if found is not None:
        return found
    doc = parse_document(raw)
    return table_from_export(doc), doc.get("exported_at")


def read_document(path: Path) -> dict[str, Any]:
    """Read and validate one export; a TafelError names the file's problem and its place."""
    return parse_document(read_bytes(path))
