"""The table export (format ``tafel/table`` version 1) to and from the domain's Table.

Only mapping here: validation against the JSON schema lives in ``tafel.schema``; files are read
and written by the services. Unknown fields are carried in ``extra`` so that a newer writer's
fields survive an import and the next export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tafel.domain.table import Item, Participant, Table

FORMAT = "tafel/table"
VERSION = 1

_DOC_KEYS = {"format", "version", "exported_at", "generator", "table", "participants", "items"}
_TABLE_KEYS = {
    "id", "programme", "title", "date", "location", "moderator", "canvas", "canvas_version",
    "language", "started_at", "ended_at",
}
_PARTICIPANT_KEYS = {"id", "name", "sector"}
_ITEM_KEYS = {
    "id", "round", "kind", "text", "value", "refs", "participant", "between", "rank", "tags",
    "zone", "created_at",
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


def _extra(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    if data.keys() <= known:  # the common case, and merging reads thousands of items
        return {}
    return {k: v for k, v in data.items() if k not in known}


def item_to_export(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id, "round": item.round, "kind": item.kind, "text": item.text}
    if item.kind == "value":
        out["value"] = item.value or ""
        out["refs"] = list(item.refs)
    if item.kind == "tension":
        out["between"] = list(item.between)
    if item.kind == "advice":
        out["rank"] = item.rank
    if item.participant:
        out["participant"] = item.participant
    if item.zone:
        out["zone"] = item.zone
    if item.tags:
        out["tags"] = list(item.tags)
    if item.created_at:
        out["created_at"] = item.created_at
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
    table: Table, *, exported_at: str, generator: str, round_order: Sequence[str] = ()
) -> dict[str, Any]:
    """The export document for a table. Names only of participants who consented."""
    head: dict[str, Any] = {
        "id": table.id,
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
        "participants": [
            {"id": p.id, "name": p.shared_name, "sector": p.sector, **p.extra}
            for p in table.participants
        ],
        "items": [item_to_export(i) for i in order_items(table.items, round_order)],
    }
    doc.update(table.doc_extra)
    return doc


def _str_list(value: Any) -> list[str]:
    return list(value) if isinstance(value, list) else []  # validated: the entries are strings


def item_from_export(data: dict[str, Any]) -> Item:
    return Item(
        id=data["id"],
        round=data["round"],
        kind=data["kind"],
        text=data["text"],
        value=data.get("value"),
        refs=_str_list(data.get("refs")),
        participant=data.get("participant"),
        between=_str_list(data.get("between")),
        rank=data.get("rank"),
        tags=_str_list(data.get("tags")),
        zone=data.get("zone"),
        created_at=data.get("created_at"),
        extra=_extra(data, _ITEM_KEYS),
    )


def table_from_export(doc: dict[str, Any]) -> Table:
    """A Table from a document that already passed schema validation."""
    head = doc["table"]
    return Table(
        id=head["id"],
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
        participants=[
            Participant(
                id=p["id"], name=p.get("name"), sector=p.get("sector"),
                consent=p.get("name") is not None, extra=_extra(p, _PARTICIPANT_KEYS),
            )
            for p in doc["participants"]
        ],
        items=[item_from_export(i) for i in doc["items"]],
        extra=_extra(head, _TABLE_KEYS),
        doc_extra=_extra(doc, _DOC_KEYS),
    )
