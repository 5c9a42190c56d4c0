"""Rows to domain objects and back: the screens and services only ever see the domain."""

from __future__ import annotations

from typing import Any

from tafel.domain.table import Item, Participant, Table, Tombstone
from tafel.storage.rows import ItemRow, ParticipantRow, TableRow, TombstoneRow


def participant(row: ParticipantRow) -> Participant:
    return Participant(
        id=row.id, name=row.name, sector=row.sector, consent=row.consent, extra=dict(row.extra),
        updated_at=row.updated_at,
    )


def item(row: ItemRow) -> Item:
    return Item(
        id=row.id,
        round=row.round,
        kind=row.kind,
        text=row.text,
        value=row.value,
        refs=list(row.refs),
        participant=row.participant_id,
        between=list(row.between),
        rank=row.rank,
        tags=list(row.tags),
        zone=row.zone,
        created_at=row.created_at,
        extra=dict(row.extra),
        updated_at=row.updated_at,
    )


def table(
    row: TableRow, participants: list[ParticipantRow], items: list[ItemRow],
    tombstones: list[TombstoneRow] | None = None,
) -> Table:
    return Table(
        id=row.id,
        title=row.title,
        date=row.date,
        canvas=row.canvas,
        canvas_version=row.canvas_version,
        language=row.language,
        programme=row.programme,
        location=row.location,
        moderator=row.moderator,
        started_at=row.started_at,
        ended_at=row.ended_at,
        participants=[participant(p) for p in participants],
        items=[item(i) for i in items],
        extra=dict(row.extra),
        doc_extra=dict(row.doc_extra),
        tombstones=[Tombstone(t.id, t.kind, t.deleted_at) for t in tombstones or ()],
    )


def item_row(table_id: str, it: Item, position: int, now: str | None) -> ItemRow:
    return ItemRow(**item_values(table_id, it, position, now))


def item_values(table_id: str, it: Item, position: int, now: str | None) -> dict[str, Any]:
    """An item's column values, for Core inserts (no model object on the hot path); ``now`` is its
    change time (an import passes the item's own)."""
    return dict(
        id=it.id,
        table_id=table_id,
        round=it.round,
        kind=it.kind,
        text=it.text,
        value=it.value,
        refs=list(it.refs),
        participant_id=it.participant,
        between=list(it.between),
        rank=it.rank,
        tags=list(it.tags),
        zone=it.zone,
        position=position,
        created_at=it.created_at,
        updated_at=now,
        extra=dict(it.extra),
    )


def participant_values(table_id: str, p: Participant, position: int) -> dict[str, Any]:
    return dict(
        id=p.id, table_id=table_id, position=position, name=p.name, sector=p.sector, consent=p.consent,
        extra=dict(p.extra), updated_at=p.updated_at,
    )


def participant_row(table_id: str, p: Participant, position: int) -> ParticipantRow:
    return ParticipantRow(**participant_values(table_id, p, position))
