"""The table export (format ``tafel/table`` version 1) to and from the domain's Table.

Only mapping here: validation against the JSON schema lives in ``tafel.schema``; files are read
and written by the services. Unknown fields are carried in ``extra`` so that a newer writer's
fields survive an import and the next export.

Fields this writer adds to the contract (the schema allows additional fields), so that an import
can merge item by item (issue 9):

- ``participants[].updated_at``, ``items[].updated_at``: when that participant or item last
  changed, an ISO instant. Missing (older files): the document's ``exported_at`` stands in.
- ``deletions``: ``[{"id", "kind": "item"|"participant", "deleted_at"}]``, what was deleted at
  this table, so a deletion travels as one instead of as a silent absence.

They are this writer's own fields, not unknown ones: a value that is not what they mean (a time
that is no time, deletions that are no list of deletions) is dropped on import, not kept, so it
can never hide the real value in the next export.
Ids are read in canonical form (lowercase UUID): case does not make a new id.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol

from tafel.domain.redact import redact_names
from tafel.domain.table import Item, Participant, Table, Tombstone

FORMAT = "tafel/table"
VERSION = 1

DELETIONS = "deletions"
_DOC_KEYS = {"format", "version", "exported_at", "generator", "table", "participants", "items", DELETIONS}
TOMBSTONE_KINDS = ("item", "participant")
_TABLE_KEYS = {
    "id", "programme", "title", "date", "location", "moderator", "canvas", "canvas_version",
    "language", "started_at", "ended_at",
}
_PARTICIPANT_KEYS = {"id", "name", "sector", "updated_at"}
_ITEM_KEYS = {
    "id", "round", "kind", "text", "value", "refs", "participant", "between", "rank", "tags",
    "zone", "created_at", "updated_at",
}


def parse_instant(value: str | None) -> dt.datetime | None:
    """An export's timestamp (``…Z`` or with an offset) as an aware datetime; None when unreadable."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical_id(value: str) -> str:
    """A UUID in its one lowercase, hyphenated form (``{ABC…}`` and ``abc…`` are the same id).

    Something that is no UUID at all is returned as it was (trimmed, lowercased), so a caller
    never crashes on it; the schema has refused such ids where it speaks about them.
    """
    if _CANONICAL.fullmatch(value):  # nearly always: what tafel itself writes
        return value
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return value.strip().lower()


_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def lone_surrogate_at(value: Any, path: str = "") -> str | None:
    """The JSON path of the first string (or key) holding a lone surrogate (JSON ``"\\ud800"``).

    Such a code point is no character: it cannot be written as UTF-8, so a document holding one
    can be neither stored as text nor written out again (report, export). Callers refuse it.
    """
    if isinstance(value, str):
        return path or "(document)" if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            # An odd key is shown as JSON (escaped): the message stays one printable line.
            shown = key if _PLAIN_KEY.fullmatch(key) else json.dumps(key)
            where = f"{path}.{shown}" if path else shown
            if _SURROGATE.search(key):
                return where
            found = lone_surrogate_at(inner, where)
            if found:
                return found
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found = lone_surrogate_at(inner, f"{path}[{n}]")
            if found:
                return found
    return None


def _instant(value: Any) -> str | None:
    """``value`` when it is a readable timestamp, else None."""
    return value if isinstance(value, str) and parse_instant(value) is not None else None


def _moment(value: str) -> dt.datetime:
    moment = parse_instant(value)
    assert moment is not None, value  # only for timestamps _instant accepted
    return moment


def _extra(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    if data.keys() <= known:  # the common case, and merging reads thousands of items
        return {}
    return {k: v for k, v in data.items() if k not in known}


def item_to_export(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": canonical_id(item.id), "round": item.round, "kind": item.kind, "text": item.text}
    # A kind's own fields always; another kind's only when set, so what a file carried comes back.
    if item.kind == "value":
        out["value"] = item.value or ""
    elif item.value is not None:
        out["value"] = item.value
    if item.kind == "value" or item.refs:
        out["refs"] = list(item.refs)
    if item.kind == "tension" or item.between:
        out["between"] = list(item.between)
    if item.kind == "advice" or item.rank is not None:
        out["rank"] = item.rank
    if item.participant:
        out["participant"] = canonical_id(item.participant)
    if item.zone:
        out["zone"] = item.zone
    if item.tags:
        out["tags"] = list(item.tags)
    if item.created_at:
        out["created_at"] = item.created_at
    if item.updated_at:
        out["updated_at"] = item.updated_at
    out.update(item.extra)
    return out


def order_items(items: Sequence[Item], round_order: Sequence[str] = ()) -> list[Item]:
    """Items in the canvas's round order; within a round, advice by rank, the rest as written."""
    index = {r: i for i, r in enumerate(round_order)}
    first_seen: dict[str, int] = {}
    for i, item in enumerate(items):
        first_seen.setdefault(item.round, len(round_order) + i)
    positions = {id(item): i for i, item in enumerate(items)}

    def key(item: Item) -> tuple[int, int, int]:
        rank = item.rank if item.kind == "advice" and item.rank is not None else 0
        return (index.get(item.round, first_seen[item.round]), rank, positions[id(item)])

    return sorted(items, key=key)


def table_to_export(
    table: Table, *, exported_at: str, generator: str, round_order: Sequence[str] = (),
    common: Collection[str] = (),
) -> dict[str, Any]:
    """The export document for a table. Names only of participants who consented, also inside the
    texts (``redact``: a name in a note becomes the person's sector; ``common`` words are names
    only with a capital). Applied to the document only, never to the table as stored."""
    table = redact_names(table, common)
    head: dict[str, Any] = {
        "id": canonical_id(table.id),  # ids leave in one form (older imports may have kept capitals)
        "programme": table.programme,
        "title": table.title,
        "date": table.date,
        "location": table.location,
        "moderator": table.moderator,
        "canvas": table.canvas,
    }
    if table.canvas_version is not None:
        head["canvas_version"] = table.canvas_version
    head["language"] = table.language
    head["started_at"] = table.started_at
    head["ended_at"] = table.ended_at
    head.update(table.extra)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "generator": generator,
        "table": head,
        "participants": [participant_to_export(p) for p in table.participants],
        "items": [item_to_export(i) for i in order_items(table.items, round_order)],
    }
    if table.tombstones:
        doc[DELETIONS] = [
            {"id": t.id, "kind": t.kind, "deleted_at": t.deleted_at}
            for t in sorted(table.tombstones, key=lambda t: (t.deleted_at, t.kind, t.id))
        ]
    doc.update(table.doc_extra)
    return doc


def participant_to_export(p: Participant) -> dict[str, Any]:
    out: dict[str, Any] = {"id": canonical_id(p.id), "name": p.shared_name, "sector": p.sector}
    if p.updated_at:
        out["updated_at"] = p.updated_at
    out.update(p.extra)
    return out


def _str_list(value: Any) -> list[str]:
    return list(value) if isinstance(value, list) else []  # validated: the entries are strings


def item_from_export(data: dict[str, Any]) -> Item:
    updated_at = _instant(data.get("updated_at"))
    extra = _extra(data, _ITEM_KEYS)
    zone = data.get("zone")
    if zone is not None and not isinstance(zone, str):
        # The schema does not constrain `zone`; a column holds text only, so an object (a newer
        # writer's richer zone?) is kept untouched with the unknown fields and exported again.
        extra["zone"], zone = zone, None
    participant = data.get("participant")
    return Item(
        id=canonical_id(data["id"]),
        round=data["round"],
        kind=data["kind"],
        text=data["text"],
        value=data.get("value"),
        refs=_str_list(data.get("refs")),
        participant=canonical_id(participant) if isinstance(participant, str) else None,
        between=_str_list(data.get("between")),
        rank=data.get("rank"),
        tags=_str_list(data.get("tags")),
        zone=zone,
        created_at=data.get("created_at"),
        extra=extra,
        updated_at=updated_at,
    )


def participant_from_export(data: dict[str, Any]) -> Participant:
    # An empty name says no more than null: it neither names anyone nor gives consent.
    name = data.get("name") or None
    updated_at = _instant(data.get("updated_at"))
    return Participant(
        id=canonical_id(data["id"]), name=name, sector=data.get("sector"), consent=name is not None,
        extra=_extra(data, _PARTICIPANT_KEYS),
        updated_at=updated_at,
    )


def tombstones_from_export(value: Any) -> list[Tombstone] | None:
    """The ``deletions`` list, or None when it is not one (then it is dropped, see the module's
    docstring). The latest deletion of an id counts."""
    if not isinstance(value, list):
        return None
    found: dict[str, Tombstone] = {}
    for entry in value:
        if not isinstance(entry, dict) or entry.get("kind") not in TOMBSTONE_KINDS:
            return None
        raw_id, deleted_at = entry.get("id"), _instant(entry.get("deleted_at"))
        if not isinstance(raw_id, str) or deleted_at is None:
            return None
        try:
            ident = str(uuid.UUID(raw_id.strip()))
        except ValueError:
            return None
        stone = Tombstone(ident, entry["kind"], deleted_at)
        before = found.get(ident)
        # Both readable: _instant let only readable timestamps through.
        if before is None or _moment(before.deleted_at) < _moment(deleted_at):
            found[ident] = stone
    return list(found.values())


def table_from_export(doc: dict[str, Any]) -> Table:
    """A Table from a document that already passed schema validation."""
    head = doc["table"]
    tombstones = tombstones_from_export(doc.get(DELETIONS)) if DELETIONS in doc else []
    return Table(
        id=canonical_id(head["id"]),
        title=head["title"],
        date=head["date"],
        canvas=head["canvas"],
        canvas_version=head.get("canvas_version"),
        language=head.get("language") or "nl",
        programme=head.get("programme"),
        location=head.get("location"),
        moderator=head.get("moderator"),
        started_at=head.get("started_at"),
        ended_at=head.get("ended_at"),
        participants=[participant_from_export(p) for p in doc["participants"]],
        items=[item_from_export(i) for i in doc["items"]],
        extra=_extra(head, _TABLE_KEYS),
        doc_extra=_extra(doc, _DOC_KEYS),
        tombstones=tombstones or [],
    )


# The fast path of reading (tafel.schema.fast): fields already checked to be exactly what the
# functions above would keep as they are (ids canonical, no unknown fields, a zone that is text
# or null), so the objects are built without looking again. Same objects as table_from_export's.


class CheckedParticipant(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def sector(self) -> str | None: ...
    @property
    def updated_at(self) -> str | None: ...


class CheckedItem(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def round(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def value(self) -> str | None: ...
    @property
    def refs(self) -> list[str]: ...
    @property
    def participant(self) -> str | None: ...
    @property
    def between(self) -> list[str]: ...
    @property
    def rank(self) -> int | None: ...
    @property
    def tags(self) -> list[str]: ...
    @property
    def zone(self) -> str | None: ...
    @property
    def created_at(self) -> str | None: ...
    @property
    def updated_at(self) -> str | None: ...


def table_from_checked(
    *, id: str, title: str, date: str, canvas: str, canvas_version: int | None, language: str | None,
    programme: str | None, location: str | None, moderator: str | None, started_at: str | None,
    ended_at: str | None, participants: Iterable[CheckedParticipant], items: Iterable[CheckedItem],
    deletions: Any = None, doc_extra: dict[str, Any] | None = None, readable: bool = False,
) -> Table:
    """The Table that ``table_from_export`` gives for the same fields (see the comment above).

    ``readable``: every ``updated_at`` is known to be a time ``parse_instant`` reads (the caller
    checked their form), so each is kept as it is instead of being parsed to find out.
    """
    people = []
    for p in participants:
        name = p.name or None  # as participant_from_export: an empty name neither names nor consents
        updated = p.updated_at if readable or p.updated_at is None else _instant(p.updated_at)
        people.append(Participant(p.id, name, p.sector, name is not None, {}, updated))
    # One positional call per item: this runs for every item of every table merged.
    found = [
        Item(i.id, i.round, i.kind, i.text, i.value, i.refs, i.participant, i.between, i.rank, i.tags, i.zone,
             i.created_at, {}, i.updated_at if readable or i.updated_at is None else _instant(i.updated_at))
        for i in items
    ]
    return Table(
        id, title, date, canvas, canvas_version, language or "nl", programme, location, moderator, started_at,
        ended_at, people, found, {}, doc_extra or {}, tombstones_from_export(deletions) or [],
    )
