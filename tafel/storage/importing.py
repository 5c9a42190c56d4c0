"""The SQL of an import: read a table as it is inside the write transaction, apply a merge plan.

The decision what to change is the domain's (``tafel.domain.table_merge``); this module only
reads and writes, on the one connection of ``Store.importing()`` so that all files of one
``tafel import`` commit together or not at all.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import configure_mappers

from tafel.domain.table import Table, Tombstone
from tafel.domain.table_merge import LocalTable, MergePlan
from tafel.storage import mappers
from tafel.storage.rows import DirectionVersionRow, ItemRow, ParticipantRow, TableRow, TombstoneRow, table_of

_TABLES = table_of(TableRow)
_ITEMS = table_of(ItemRow)
_PARTICIPANTS = table_of(ParticipantRow)
_TOMBSTONES = table_of(TombstoneRow)
_VERSIONS = table_of(DirectionVersionRow)
_HEAD = (
    "title", "date", "canvas", "canvas_version", "language", "programme", "location", "moderator",
    "started_at", "ended_at",
)
# The ids as one JSON list: SQLite's json_each, PostgreSQL's json_array_elements_text.
_OWNERS_SQL = (
    "SELECT 'participant', x.id, x.table_id, t.title FROM participant x JOIN tafel_table t ON t.id = x.table_id "
    "WHERE x.id IN (SELECT value FROM {each}) "
    "UNION ALL SELECT 'item', x.id, x.table_id, t.title FROM item x JOIN tafel_table t ON t.id = x.table_id "
    "WHERE x.id IN (SELECT value FROM {each})"
)
_OWNERS = {
    "sqlite": text(_OWNERS_SQL.format(each="json_each(:ids)")),
    "postgresql": text(_OWNERS_SQL.format(each="json_array_elements_text(CAST(:ids AS json)) AS value")),
}
# A deletion is remembered (and exported) so that an import of an older file does not undo it;
# ON CONFLICT: SQLite (3.24+) and PostgreSQL alike.
BURY = text(
    "INSERT INTO tombstone (table_id, id, kind, deleted_at) VALUES (:t, :id, :kind, :at) "
    "ON CONFLICT (table_id, id) DO UPDATE SET kind = excluded.kind, deleted_at = excluded.deleted_at"
)


@dataclass(frozen=True)
class Collision:
    kind: str  # what the id is in the file: item or participant
    here: str  # what it is in the database: item or participant
    id: str
    table_id: str
    title: str


class ImportSession:
    """Reads and writes of one import transaction (see ``Store.importing``)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Rows below are built with model_construct, which needs the ORM mappers set up; a process
        # that has not opened an ORM session yet (a second `tafel import`) has not done so.
        configure_mappers()

    def load(self, table_id: str) -> LocalTable | None:
        row = self.conn.execute(_TABLES.select().where(_TABLES.c.id == table_id)).mappings().first()
        if row is None:
            return None
        people = self.conn.execute(
            _PARTICIPANTS.select().where(_PARTICIPANTS.c.table_id == table_id).order_by(_PARTICIPANTS.c.position)
        ).mappings().all()
        items = self.conn.execute(
            _ITEMS.select().where(_ITEMS.c.table_id == table_id).order_by(_ITEMS.c.position)
        ).mappings().all()
        stones = self.conn.execute(_TOMBSTONES.select().where(_TOMBSTONES.c.table_id == table_id)).mappings().all()
        table = mappers.table(
            TableRow.model_construct(**row),
            [ParticipantRow.model_construct(**p) for p in people],
            [ItemRow.model_construct(**i) for i in items],
            [TombstoneRow.model_construct(**t) for t in stones],
        )
        return LocalTable(table, row["updated_at"], row["source_exported_at"])

    def collisions(self, table_id: str, participant_ids: Iterable[str], item_ids: Iterable[str]) -> list[Collision]:
        """Ids of the file that name something else here: the same kind at another table, or the
        other kind anywhere (an id names one thing only; the export would repeat it)."""
        kinds = dict.fromkeys(participant_ids, "participant") | dict.fromkeys(item_ids, "item")
        if not kinds:
            return []
        # One statement with one parameter (a JSON list), so it is compiled once for all files.
        rows = self.conn.execute(_OWNERS[self.conn.dialect.name], {"ids": json.dumps(list(kinds))})
        return [
            Collision(kinds[ident], here, ident, other, title)
            for here, ident, other, title in rows
            if here != kinds[ident] or other != table_id
        ]

    def apply(self, plan: MergePlan, incoming: Table, now: str, source_before: str | None = None) -> None:
        """Carry out a merge plan; the caller commits (or rolls back) the whole import.

        ``source_before``: the table's source_exported_at as loaded (written again only if it moved).
        """
        t = plan.table_id
        conn = self.conn
        if plan.status == "created":
            source_before = plan.source_exported_at
            conn.execute(_TABLES.insert(), {
                "id": t, **{k: getattr(incoming, k) for k in _HEAD}, "created_at": now, "updated_at": now,
                "source_exported_at": plan.source_exported_at, "extra": dict(incoming.extra),
                "doc_extra": dict(incoming.doc_extra),
            })
        for ident in plan.delete_items:
            conn.execute(_ITEMS.delete().where(_ITEMS.c.id == ident, _ITEMS.c.table_id == t))
        for ident in plan.delete_participants:
            conn.execute(_PARTICIPANTS.delete().where(_PARTICIPANTS.c.id == ident, _PARTICIPANTS.c.table_id == t))
        if plan.insert_participants:
            position = 0 if plan.status == "created" else self._next(_PARTICIPANTS, t)
            conn.execute(_PARTICIPANTS.insert(), [
                mappers.participant_values(t, p, position + n) for n, p in enumerate(plan.insert_participants)
            ])
        for p in plan.update_participants:
            values = mappers.participant_values(t, p, 0)
            del values["position"], values["table_id"], values["id"]
            conn.execute(_PARTICIPANTS.update().where(_PARTICIPANTS.c.id == p.id), values)
        if plan.insert_items:
            position = 0 if plan.status == "created" else self._next(_ITEMS, t)
            conn.execute(_ITEMS.insert(), [
                mappers.item_values(t, it, position + n, it.updated_at)
                for n, it in enumerate(plan.insert_items)
            ])
        for it in plan.update_items:
            values = mappers.item_values(t, it, 0, it.updated_at)
            del values["position"], values["table_id"], values["id"]
            conn.execute(_ITEMS.update().where(_ITEMS.c.id == it.id), values)
        self._tombstones(t, plan.put_tombstones, plan.drop_tombstones)
        if plan.directions:
            conn.execute(_VERSIONS.insert(), [
                {"id": str(uuid.uuid4()), "table_id": t, "round": d.round, "text": d.text,
                 "saved_at": d.saved_at or now}
                for d in plan.directions
            ])
        head: dict[str, Any] = {}
        if plan.source_exported_at != source_before:
            head["source_exported_at"] = plan.source_exported_at
        if plan.changes and plan.status != "created":
            # A new last-change time: the table list sorts by it and an open TUI reads the table again.
            head.update(plan.head, updated_at=now, deleted_at=None)
        if head:
            conn.execute(_TABLES.update().where(_TABLES.c.id == t), head)

    def _next(self, table: Any, table_id: str) -> int:
        found = self.conn.execute(
            text(f"SELECT coalesce(max(position), -1) + 1 FROM {table.name} WHERE table_id = :t"), {"t": table_id}
        ).scalar_one()
        return int(found)

    def _tombstones(self, table_id: str, put: list[Tombstone], drop: list[str]) -> None:
        for ident in drop:
            self.conn.execute(_TOMBSTONES.delete().where(_TOMBSTONES.c.table_id == table_id, _TOMBSTONES.c.id == ident))
        if put:
            self.conn.execute(
                BURY,
                [{"t": table_id, "id": s.id, "kind": s.kind, "at": s.deleted_at} for s in put],
            )
