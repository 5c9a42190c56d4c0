"""Use cases around the table export file: write one, read one, import one."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tafel import __version__
from tafel.canvases import Library
from tafel.domain.clock import utc_now, utc_stamp
from tafel.domain.errors import TafelError
from tafel.domain.exchange import lone_surrogate_at, table_from_export, table_to_export
from tafel.domain.slug import slugify
from tafel.domain.table import Table
from tafel.domain.table_merge import MergeCounts, plan_merge
from tafel.files import FileTooLarge, NotRegularFile, read_regular, write_atomic
from tafel.schema import schema, validate_document
from tafel.services.export import ExportResult
from tafel.services.wordfreq import common_words

if TYPE_CHECKING:  # the storage stack loads only where a database is used, not to read or merge files
    from tafel.storage.repository import Store

# A real table is well under 1 MB; anything much larger is not an export (or a mistake).
MAX_FILE_BYTES = 20 * 1024 * 1024
GENERATOR = f"tafel {__version__}"
VOLATILE = ("exported_at", "generator")


def round_order(library: Library | None, table: Table) -> tuple[str, ...]:
    canvas = library.find(table.canvas, table.language) if library else None
    return tuple(r.id for r in canvas.rounds) if canvas else ()


def export_document(table: Table, library: Library | None, exported_at: str | None = None) -> dict[str, Any]:
    doc = table_to_export(
        table, exported_at=exported_at or utc_stamp(), generator=GENERATOR,
        round_order=round_order(library, table), common=common_words(table.language or "nl"),
    )
    validate_document(doc)  # what we write keeps the contract, or we do not write it
    return doc


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def folder_name(table: Table) -> str:
    return f"{table.date}-{slugify(table.title)}"


def table_folder(exports: Path, table: Table) -> Path:
    """``<date>-<slug>``; when another table already has that folder, its id is added."""
    folder = exports / folder_name(table)
    existing = folder / "table.json"
    if existing.exists():
        try:
            # read_regular: a pipe left where table.json was must not hang the export
            other = json.loads(read_regular(existing, MAX_FILE_BYTES))["table"]["id"]
        except (OSError, ValueError, KeyError, TypeError):
            other = None
        if other != table.id:
            folder = exports / f"{folder_name(table)}-{table.id[:8]}"
    return folder


def with_timing(store: Store, library: Library | None, table: Table) -> Table:
    """The table with its rounds' planned and actual minutes (``timing``, an extra key of the export)
    when its timers ran here; an imported table keeps the timing it came with."""
    from tafel.domain.timing import KEY, round_timing

    canvas = library.find(table.canvas, table.language) if library else None
    timers = store.timers(table.id)
    if canvas is None or not timers:
        return table
    now = utc_now()
    seconds = {round_id: timer.seconds(now) for round_id, timer in timers.items()}
    table.doc_extra = {**table.doc_extra, KEY: round_timing(canvas, seconds)}
    return table


def export_table(
    store: Store, library: Library | None, table_id: str, exports: Path, folder: Path | None = None
) -> ExportResult:
    table = with_timing(store, library, store.get_table(table_id))
    doc = export_document(table, library)
    target = folder or table_folder(exports, table)
    path = write_atomic(target / "table.json", dumps(doc))
    return ExportResult(table, target, (path,))


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
        raise TafelError("file.bad_json", line=exc.lineno, column=exc.colno, error=exc.msg) from None
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


@dataclass(frozen=True)
class Imported:
    path: Path
    table_id: str
    title: str
    status: str  # created, updated, unchanged, older
    counts: MergeCounts = field(default_factory=MergeCounts)


# SQLite's INTEGER is 64-bit; the schema only says "minimum 1", so a larger number is valid JSON
# and valid by the contract, but no database column can hold it: refused, naming the field.
MAX_INTEGER = 2**63 - 1


def check_storable(doc: dict[str, Any], path: Path) -> None:
    """Refuse, in one line, what the contract allows but a database (or UTF-8) cannot hold.

    A lone surrogate (JSON ``"\\ud800"``) is no character: it cannot be written as UTF-8, so it
    could neither be stored as text nor exported again. Refused rather than silently replaced:
    the moderator's words are not ours to change.
    """
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")  # fast: one C pass over everything
    except UnicodeEncodeError:
        where = lone_surrogate_at(doc) or "(document)"
        raise TafelError("import.surrogate", file=path, path=where) from None
    version = doc["table"].get("canvas_version")
    if isinstance(version, int | float) and version > MAX_INTEGER:
        raise TafelError("import.number_too_large", file=path, path="table.canvas_version", max=MAX_INTEGER)
    for n, item in enumerate(doc["items"]):
        rank = item.get("rank")
        if isinstance(rank, int | float) and rank > MAX_INTEGER:
            raise TafelError("import.number_too_large", file=path, path=f"items[{n}].rank", max=MAX_INTEGER)


def incoming_table(doc: dict[str, Any], path: Path) -> Table:
    """The table of a validated document, ids canonical; refuses ids that are one id in two cases."""
    check_storable(doc, path)
    table = table_from_export(doc)
    seen: set[str] = set()
    places = [(f"participants[{n}].id", p.id) for n, p in enumerate(table.participants)]
    places += [(f"items[{n}].id", i.id) for n, i in enumerate(table.items)]
    for where, ident in places:
        if ident in seen:  # the schema's check compares strings: ABC… and abc… got past it
            raise TafelError("import.duplicate_id", file=path, path=where, id=ident)
        seen.add(ident)
    return table


def refuse_collisions(session: Any, table: Table, path: Path) -> None:
    """An id of the file that belongs to another table in the database: one line, nothing taken in."""
    clash = session.collisions(table.id, [p.id for p in table.participants], [i.id for i in table.items])
    if clash:
        first = clash[0]
        key = first.kind if first.kind == first.here else f"{first.kind}_is_{first.here}"
        raise TafelError(f"import.collision_{key}", file=path, id=first.id, title=first.title,
                         other=first.table_id[:8], count=len(clash))


def import_documents(store: Store, docs: Sequence[tuple[Path, dict[str, Any]]]) -> list[Imported]:
    """Merge validated documents into the database, all in one transaction: every file or none.

    Idempotent: a file imported again changes nothing. The merge itself (what comes in, what
    stays) is decided by ``tafel.domain.table_merge``; it is planned inside the write
    transaction, on the database as it is then, so two imports at once do not race.
    """
    from tafel.storage.repository import now_iso

    prepared = [(path, doc, incoming_table(doc, path)) for path, doc in docs]
    results: list[Imported] = []
    now = now_iso()
    with store.importing() as session:
        for path, doc, table in prepared:
            refuse_collisions(session, table, path)
            local = session.load(table.id)
            plan = plan_merge(local, table, doc.get("exported_at"))
            session.apply(plan, table, now, local.source_exported_at if local else None)
            title = plan.head.get("title") or (local.table.title if local else table.title)
            results.append(Imported(path, table.id, title, plan.status, plan.counts))
    return results


def import_document(store: Store, doc: dict[str, Any], path: Path) -> Imported:
    return import_documents(store, [(path, doc)])[0]


def import_file(store: Store, path: Path) -> Imported:
    return import_document(store, read_document(path), path)
