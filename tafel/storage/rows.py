"""The database tables (schema version 4). Screens never see these: mappers turn them into domain objects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlmodel import Field, SQLModel


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(String(36), ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True),
    )


# 64-bit on PostgreSQL as SQLite's INTEGER is (an export's rank may be that large); the same
# INTEGER on SQLite as before, so its schema is unchanged.
_INT64 = Integer().with_variant(BigInteger(), "postgresql")


def _int64(*, nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(_INT64, nullable=nullable))


def table_of(row: type[SQLModel]) -> Table:
    """A row class's SQLAlchemy table, for Core statements and ``create_all(tables=...)``."""
    table = row.__table__  # type: ignore[attr-defined]  # set by SQLModel on table=True classes; untyped
    assert isinstance(table, Table), row
    return table


def _json() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def _json_obj() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class TableRow(SQLModel, table=True):
    __tablename__ = "tafel_table"
    id: str = Field(primary_key=True, max_length=36)
    title: str
    date: str
    canvas: str
    canvas_version: int | None = _int64()
    language: str = "nl"
    programme: str | None = None
    location: str | None = None
    moderator: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    current_round: str | None = None
    created_at: str
    updated_at: str = Field(index=True)
    # v2: the unguessable slug of the participant page, made once on first export.
    share_token: str | None = Field(default=None, unique=True)
    # v2: set by a delete that can still be undone; such tables are hidden and purged later.
    deleted_at: str | None = None
    # v2: the exported_at of the file this table was last imported from.
    source_exported_at: str | None = None
    # v2: the folder of the table's last export, which the share server serves from.
    export_path: str | None = None
    extra: dict[str, Any] = _json_obj()
    doc_extra: dict[str, Any] = _json_obj()


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"
    id: str = Field(primary_key=True, max_length=36)
    table_id: str = _fk("tafel_table.id")
    position: int = 0
    name: str | None = None
    sector: str | None = None
    consent: bool = False
    extra: dict[str, Any] = _json_obj()
    updated_at: str | None = None  # v3: an import keeps the newer of two versions


class ItemRow(SQLModel, table=True):
    __tablename__ = "item"
    id: str = Field(primary_key=True, max_length=36)
    table_id: str = _fk("tafel_table.id")
    round: str
    kind: str
    text: str = ""
    value: str | None = None
    refs: list[str] = _json()
    participant_id: str | None = _fk("participant.id", nullable=True, ondelete="SET NULL")
    between: list[str] = _json()
    rank: int | None = _int64()
    tags: list[str] = _json()
    zone: str | None = None  # v2
    position: int = 0
    created_at: str | None = None
    updated_at: str | None = None
    extra: dict[str, Any] = _json_obj()


class DirectionVersionRow(SQLModel, table=True):
    """v2: every saved version of a direction text, so one can be browsed and restored."""

    __tablename__ = "direction_version"
    id: str = Field(primary_key=True, max_length=36)
    table_id: str = _fk("tafel_table.id")
    round: str
    text: str
    saved_at: str


class RoundTimerRow(SQLModel, table=True):
    """v2: a round's timer, so quitting and reopening resumes it where it was."""

    __tablename__ = "round_timer"
    table_id: str = Field(
        sa_column=Column(String(36), ForeignKey("tafel_table.id", ondelete="CASCADE"), primary_key=True)
    )
    round: str = Field(primary_key=True)
    elapsed: float = 0.0  # seconds counted before running_since
    running_since: str | None = None


class TombstoneRow(SQLModel, table=True):
    """v3: a participant or item deleted at a table, so the deletion is exported and an import of
    an older file does not bring it back."""

    __tablename__ = "tombstone"
    table_id: str = Field(
        sa_column=Column(String(36), ForeignKey("tafel_table.id", ondelete="CASCADE"), primary_key=True)
    )
    id: str = Field(primary_key=True, max_length=36)
    kind: str  # item or participant
    deleted_at: str


class SyncSentRow(SQLModel, table=True):
    """v4, on a laptop: what of a table was last sent to the programme database (resumable sync)."""

    __tablename__ = "sync_sent"
    table_id: str = Field(
        sa_column=Column(String(36), ForeignKey("tafel_table.id", ondelete="CASCADE"), primary_key=True)
    )
    updated_at: str  # the table's last-change time that the programme database has
    sent_at: str
    deleted_at: str | None = None  # the table's deletion (undoable) the programme database has


class SyncSourceRow(SQLModel, table=True):
    """v4, in the programme database: the laptop a table last came from, and when."""

    __tablename__ = "sync_source"
    table_id: str = Field(
        sa_column=Column(String(36), ForeignKey("tafel_table.id", ondelete="CASCADE"), primary_key=True)
    )
    laptop: str
    synced_at: str


class SyncOriginRow(SQLModel, table=True):
    """v4, in the programme database: which laptop wrote the version of an item or participant held."""

    __tablename__ = "sync_origin"
    id: str = Field(primary_key=True, max_length=36)
    table_id: str = _fk("tafel_table.id")
    laptop: str


class SyncSeenRow(SQLModel, table=True):
    """v4, in the programme database: every version (change time) of an item or participant each
    laptop sent, so a version one laptop already had is not taken for a conflicting change."""

    __tablename__ = "sync_seen"
    table_id: str = _fk("tafel_table.id")
    id: str = Field(primary_key=True, max_length=36)
    laptop: str = Field(primary_key=True)
    updated_at: str = Field(primary_key=True)


class SyncConflictRow(SQLModel, table=True):
    """v4, in the programme database: a version of an item or participant that lost to another
    laptop's newer change of the same thing; kept here, listed by ``tafel sync --conflicts``."""

    __tablename__ = "sync_conflict"
    __table_args__ = (UniqueConstraint("thing_id", "lost_laptop", "lost_updated_at"),)
    id: str = Field(primary_key=True, max_length=36)
    table_id: str = _fk("tafel_table.id")
    kind: str  # item or participant
    thing_id: str
    lost_laptop: str
    lost_updated_at: str
    lost: dict[str, Any] = _json_obj()
    kept_laptop: str
    kept_updated_at: str
    recorded_at: str
