"""Hostile but valid exports: every file the schema accepts imports cleanly or is refused in one line.

A deterministic generator makes documents the contract allows but nobody would write by hand: ids
of the database's own table, participants and items (and in capitals), ids twice in one file,
references to no participant, rounds and canvases nobody knows, ranks of 1 and 2**70, odd Unicode
(combining marks, right-to-left, emoji, zero-width, ``[/]`` and ``<b>`` markup, lone surrogates,
NUL), nesting in unknown fields, zones that are objects, deletions well and badly formed. Only
documents that ``validate_document`` accepts are kept. For each:

- import into a database that holds a table already: either a TafelError whose message is one
  line and the database is unchanged, or accepted; then
- accepted: export → import into an empty database → export gives the same document, and the
  same rows (round trip);
- the merge service (``tafel merge``) counts it or refuses it with a TafelError, nothing else.
"""

from __future__ import annotations

import copy
import json
import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tafel.canvases import Library
from tafel.domain.errors import TafelError
from tafel.i18n import error
from tafel.render.report_json import report_json
from tafel.schema import validate_document
from tafel.services import exchange
from tafel.services.merge import MergeFailed, merge
from tafel.services.reading import parse_document
from tafel.storage.repository import Store

SEED = 20261127
DOCUMENTS = 1000
Doc = dict[str, Any]

BASE_TABLE = "0f0e0d0c-0b0a-4909-8807-060504030201"
BASE_PEOPLE = [f"1a1a1a1a-0000-4000-8000-00000000000{n}" for n in range(3)]
BASE_ITEMS = [f"2b2b2b2b-0000-4000-8000-00000000000{n}" for n in range(8)]
KINDS = ["value", "direction", "concept", "example", "tension", "advice", "note"]
ROUNDS = ["waarden", "richting", "gesprek", "advies", "onbekende-ronde", "ronde [/]", "<b>r</b>", "x" * 64]
ODD = [
    "e\u0301\u0308\u0323", "\u202eabc\u202c", "שלום עולם", "مرحبا", "🧑\u200d🤝\u200d🧑 🇳🇱", "\u200b\ufeff",
    "[/]", "[bold]vet[/bold]", "[@click=app.quit]", "<b>vet</b>", "<img src=x onerror=alert(1)>", "\\", '"',
    "A\u030a", "ﬁ", "Ⅻ", "\U0001d54f", "  ", "\t", "\n\r\n", "%s {0} {x}", "𝕏" * 3,
]
RARE = ["\x00", "\x07", "\ud800", "\udfff"]  # the schema refuses NUL and BEL in texts; surrogates pass it


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _text(rng: random.Random, limit: int = 60) -> str:
    parts = [rng.choice(ODD) if rng.random() < 0.6 else rng.choice(["vertrouwen", "Menselijke-Maat ", "regels"])
             for _ in range(rng.randint(1, 5))]
    if rng.random() < 0.01:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(RARE))
    return "".join(parts)[:limit]


def _nested(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth <= 0 or roll < 0.3:
        return rng.choice([None, True, 0, -1, 2**70, 1.5, 1e300, "", _text(rng), [], {}])
    if roll < 0.65:
        return [_nested(rng, depth - 1) for _ in range(rng.randint(1, 3))]
    return {_text(rng, 20) or "k": _nested(rng, depth - 1) for _ in range(rng.randint(1, 3))}


def _id_from(rng: random.Random, own: list[str]) -> str:
    """A new id mostly; else one of the database's, one already in the file, or one in capitals."""
    roll = rng.random()
    if roll < 0.75 or not own:
        found = _uuid(rng)
    elif roll < 0.9:
        found = rng.choice(own)
    else:
        found = rng.choice(BASE_PEOPLE + BASE_ITEMS)
    return found.upper() if rng.random() < 0.1 else found


def _item(rng: random.Random, people: list[str], used: list[str]) -> Doc:
    kind = rng.choice(KINDS)
    item: Doc = {"id": _id_from(rng, used), "round": rng.choice(ROUNDS), "kind": kind, "text": _text(rng)}
    used.append(item["id"])
    if kind == "value" or rng.random() < 0.1:
        item["value"] = _text(rng, 100) or "v"
        item["refs"] = [_text(rng, 100) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.6:
        roll = rng.random()
        item["participant"] = (rng.choice(people) if people and roll < 0.6 else rng.choice(BASE_PEOPLE)
                               if roll < 0.8 else _uuid(rng).upper())
    if kind == "tension" or rng.random() < 0.05:
        item["between"] = [_text(rng, 200) for _ in range(rng.randint(0, 2))]
    if kind == "advice" or rng.random() < 0.05:
        item["rank"] = rng.choice([None, 1, 1, 2, 3, 2**31, 2**63 - 1, 2**63, 2**70]) if rng.random() < 0.5 else 1
    if rng.random() < 0.3:
        item["tags"] = [_text(rng, 100) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.4:
        item["zone"] = rng.choice(["begrippen", "spanningen", _text(rng), {"x": 1, "nested": [1, {"y": None}]},
                                   7, [1, 2], True])
    if rng.random() < 0.3:
        item["created_at"] = rng.choice([None, "2023-06-12T10:00:00Z", "2023-06-12T10:00:00+02:00"])
    if rng.random() < 0.4:
        item["updated_at"] = rng.choice(["2023-06-12T11:00:00Z", "2099-01-01T00:00:00+00:00", "gisteren", 42,
                                         None, "2000-01-01T00:00:00Z"])
    if rng.random() < 0.2:
        item[rng.choice(["x_future", "kleur", "updated_at_", "participant_"])] = _nested(rng, rng.randint(1, 8))
    return item


def _deletions(rng: random.Random, used: list[str]) -> Any:
    if rng.random() < 0.1:
        return rng.choice(["alles", [1, 2], [{"id": "nope", "kind": "item", "deleted_at": "x"}], {}])
    return [
        {"id": rng.choice([rng.choice(BASE_ITEMS + BASE_PEOPLE + used or BASE_ITEMS), _uuid(rng)]).upper()
         if rng.random() < 0.2 else rng.choice(BASE_ITEMS + BASE_PEOPLE + used or BASE_ITEMS),
         "kind": rng.choice(["item", "participant"]),
         "deleted_at": rng.choice(["2000-01-01T00:00:00Z", "2050-01-01T00:00:00Z", "2099-06-01T00:00:00Z"])}
        for _ in range(rng.randint(1, 4))
    ]


def hostile_document(rng: random.Random) -> Doc:
    roll = rng.random()
    table_id = BASE_TABLE if roll < 0.35 else _uuid(rng)
    if rng.random() < 0.15:
        table_id = table_id.upper()
    used: list[str] = []
    people = []
    for _ in range(rng.randint(0, 5)):
        pid = _id_from(rng, used)
        used.append(pid)
        person: Doc = {"id": pid, "name": rng.choice([None, None, "", _text(rng)]),
                       "sector": rng.choice([None, "burger", _text(rng, 100)])}
        if rng.random() < 0.3:
            person["updated_at"] = rng.choice(["2099-01-01T00:00:00Z", "2001-01-01T00:00:00Z", "nooit"])
        if rng.random() < 0.1:
            person["x_extra"] = _nested(rng, 4)
        people.append(person)
    pids = [p["id"] for p in people]
    items = [_item(rng, pids, used) for _ in range(rng.randint(0, 12))]
    head: Doc = {"id": table_id, "title": _text(rng, 200) or "T", "date": rng.choice(["2023-06-12", "2024-02-29"]),
                 "canvas": rng.choice(["sturingsfilosofie", "onbekend-canvas", "x"])}
    for key in ("programme", "location", "moderator"):
        if rng.random() < 0.5:
            head[key] = rng.choice([None, _text(rng, 200)])
    if rng.random() < 0.4:
        head["canvas_version"] = rng.choice([1, 2, 2**63 - 1, 2**70])
    if rng.random() < 0.3:
        head["language"] = rng.choice(["nl", "en", "fy"])
    if rng.random() < 0.2:
        head["x_room"] = _nested(rng, 6)
    doc: Doc = {"format": "tafel/table", "version": 1, "table": head, "participants": people, "items": items}
    if rng.random() < 0.85:
        doc["exported_at"] = rng.choice(["2023-06-12T12:00:00Z", "2099-01-01T00:00:00Z", "2000-01-01T00:00:00Z"])
    if rng.random() < 0.3:
        doc["deletions"] = _deletions(rng, used)
    if rng.random() < 0.2:
        doc["x_future"] = _nested(rng, rng.randint(3, 10))
    return doc


def valid_documents(count: int) -> Iterator[Doc]:
    rng = random.Random(SEED)
    made = 0
    for _ in range(count * 5):
        doc = hostile_document(rng)
        try:
            validate_document(doc)
        except TafelError:
            continue
        made += 1
        yield doc
        if made == count:
            return
    raise AssertionError(f"only {made} valid documents generated")


def base_document() -> Doc:
    return {
        "format": "tafel/table", "version": 1, "exported_at": "2023-06-12T12:00:00Z",
        "table": {"id": BASE_TABLE, "title": "Tafel in de database", "date": "2023-06-12",
                  "canvas": "sturingsfilosofie"},
        "participants": [{"id": p, "name": f"Naam {n}", "sector": "burger"} for n, p in enumerate(BASE_PEOPLE)],
        "items": [{"id": i, "round": "gesprek", "kind": "note", "text": f"notitie {n}",
                   "participant": BASE_PEOPLE[n % 3]} for n, i in enumerate(BASE_ITEMS)],
        "deletions": [{"id": "3c3c3c3c-0000-4000-8000-000000000000", "kind": "item",
                       "deleted_at": "2023-06-12T11:00:00Z"}],
    }


class Db:
    """An in-memory store reset from a template by SQLite's backup (far faster than a new schema)."""

    def __init__(self, template: sqlite3.Connection) -> None:
        self.store = Store.open("sqlite://")
        self.raw = self.store.engine.raw_connection()  # StaticPool: the one connection the store uses
        self.template = template

    def reset(self) -> None:
        self.template.backup(self.raw.driver_connection)

    def rows(self) -> list[Any]:
        conn = self.raw.driver_connection
        out = []
        for name in ("tafel_table", "participant", "item", "direction_version", "tombstone", "round_timer"):
            out.append(sorted(map(repr, conn.execute(f"SELECT * FROM {name}"))))
        return out

    def table_rows(self, table_id: str) -> list[Any]:
        """Rows of one table that an export carries (positions, change times of the import aside)."""
        conn = self.raw.driver_connection
        people = conn.execute("SELECT id, name, sector, consent, extra FROM participant WHERE table_id = ?",
                              (table_id,))
        items = conn.execute(
            'SELECT id, round, kind, text, value, refs, participant_id, "between", rank, tags, zone, created_at, '
            "extra FROM item WHERE table_id = ?", (table_id,))
        stones = conn.execute("SELECT id, kind, deleted_at FROM tombstone WHERE table_id = ?", (table_id,))
        head = conn.execute(
            "SELECT title, date, canvas, canvas_version, language, programme, location, moderator, started_at, "
            "ended_at, extra, doc_extra FROM tafel_table WHERE id = ?", (table_id,))
        return [sorted(repr(tuple(map(_json_sorted, row))) for row in rows) for rows in (people, items, stones, head)]


def _json_sorted(value: Any) -> Any:
    """A JSON column's text with its keys sorted: an object's key order carries no meaning."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def _template(docs: list[Doc]) -> sqlite3.Connection:
    store = Store.open("sqlite://")
    if docs:
        exchange.import_documents(store, [(Path("base.json"), d) for d in docs])
    copy_ = sqlite3.connect(":memory:")
    store.engine.raw_connection().driver_connection.backup(copy_)
    store.close()
    return copy_


def _stable(doc: Doc, timeless: bool) -> Doc:
    doc = {k: v for k, v in doc.items() if k not in exchange.VOLATILE}
    if timeless:  # a file without exported_at gave its items no change time; the next export has one
        for section in ("participants", "items"):
            doc[section] = [{k: v for k, v in x.items() if k != "updated_at"} for x in doc[section]]
    return doc


def _reread(doc: Doc) -> Doc:
    """As a file would carry it: written the way tafel writes, read back and validated."""
    return parse_document(exchange.dumps(doc).encode("utf-8"))


@pytest.mark.filterwarnings("ignore")
def test_hostile_valid_documents_import_cleanly_or_are_refused_in_one_line(
    library: Library, tmp_path: Path
) -> None:
    full, empty = Db(_template([base_document()])), Db(_template([]))
    outcome = {"refused": 0, "accepted": 0, "merged": 0, "merge_refused": 0}
    merge_folder = tmp_path / "merge"
    for n, doc in enumerate(valid_documents(DOCUMENTS)):
        original = copy.deepcopy(doc)
        full.reset()
        before = full.rows()
        try:
            [result] = exchange.import_documents(full.store, [(Path(f"f{n}.json"), doc)])
        except TafelError as exc:
            message = error(exc)
            assert message and "\n" not in message.strip(), (message, original)
            message.encode("utf-8")  # printable: no lone surrogate of the file in it
            assert full.rows() == before, original  # nothing written
            outcome["refused"] += 1
        else:
            assert doc == original  # the import did not alter the caller's document
            outcome["accepted"] += 1
            first = exchange.export_document(full.store.get_table(result.table_id), library)
            empty.reset()
            exchange.import_documents(empty.store, [(Path("again.json"), _reread(first))])
            second = exchange.export_document(empty.store.get_table(result.table_id), library)
            timeless = "exported_at" not in doc
            assert _stable(second, timeless) == _stable(first, timeless), original
            rows, expected = empty.table_rows(result.table_id), full.table_rows(result.table_id)
            assert rows == expected, (str(_differ(rows, expected))[:3000], original)
        _merge_one(merge_folder, n, original, library, outcome)
    print(f"{DOCUMENTS} documents: {outcome}")
    assert outcome["accepted"] > 400 and outcome["refused"] > 100 and outcome["merge_refused"] > 10, outcome


def _differ(rows: list[list[str]], expected: list[list[str]]) -> list[tuple[set[str], set[str]]]:
    return [(set(r) - set(e), set(e) - set(r)) for r, e in zip(rows, expected, strict=True) if r != e]


def _merge_one(folder: Path, n: int, doc: Doc, library: Library, outcome: dict[str, int]) -> None:
    """``tafel merge`` of the one file: a report that can be written out, or a TafelError
    (MergeFailed names the file)."""
    path = folder / f"{n:04d}" / "table.json"
    path.parent.mkdir(parents=True)
    try:
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be UTF-8: such a file cannot exist
        path.write_text(json.dumps(doc), "utf-8")
    try:
        result = merge([path], library)
    except (TafelError, MergeFailed):
        outcome["merge_refused"] += 1
    else:
        report_json(result.report).encode("utf-8")  # what `--json` writes (a lone surrogate crashed it)
        outcome["merged"] += 1
