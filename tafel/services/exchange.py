"""Use cases around the table export file: write one, import one (reading one: services/reading.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafel import __version__
from tafel.canvases import Library
from tafel.domain.clock import utc_now, utc_stamp
from tafel.domain.errors import TafelError
from tafel.domain.exchange import lone_surrogate_at, table_from_export, table_to_export
from tafel.domain.slug import slugify
from tafel.domain.table import Table
from tafel.domain.table_merge import MergeCounts, plan_merge
from tafel.files import read_regular, write_atomic
from tafel.schema import validate_document
from tafel.services.export import ExportResult
from tafel.services.reading import MAX_FILE_BYTES, MAX_INTEGER, read_document
from tafel.services.wordfreq import common_words

if TYPE_CHECKING:  # the storage stack loads only where a database is used, not to read or merge files
    from tafel.storage.repository import Store

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


@dataclass(frozen=True)
class Imported:
    path: Path
    table_id: str
    title: str
    status: str  # created, updated, unchanged, older
    counts: MergeCounts = field(default_factory=MergeCounts)


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
