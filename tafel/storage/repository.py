"""The Store: the only place with SQL. Every edit is its own committed transaction: no "save"."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tafel.domain.errors import TafelError
from tafel.domain.limits import check_lengths
from tafel.domain.table import Item, Participant, Table, TableSummary
from tafel.domain.timer import RoundTimer
from tafel.storage import mappers
from tafel.storage.db import begin_write, make_engine, migrate
from tafel.storage.importing import BURY as _BURY
from tafel.storage.importing import ImportSession
from tafel.storage.rows import (
    DirectionVersionRow,
    ItemRow,
    MetaRow,
    ParticipantRow,
    RoundTimerRow,
    TableRow,
    TombstoneRow,
)

_ITEMS = ItemRow.__table__  # type: ignore[attr-defined]
_VERSIONS = DirectionVersionRow.__table__  # type: ignore[attr-defined]
_TIMERS = RoundTimerRow.__table__  # type: ignore[attr-defined]
_UNBURY = text("DELETE FROM tombstone WHERE table_id = :t AND id = :id")
_TOUCH = text("UPDATE tafel_table SET updated_at = :now WHERE id = :id")
_CHANGED_AT = text("SELECT updated_at, source_exported_at FROM tafel_table WHERE id = :id")
_ITEM_TABLE = text("SELECT table_id FROM item WHERE id = :id")
_NEXT_POSITION = text("SELECT coalesce(max(position), -1) + 1 FROM item WHERE table_id = :t")
_ADVICE_COUNT = text("SELECT count(*) FROM item WHERE table_id = :t AND round = :r AND kind = 'advice'")
_DIRECTION_ITEM = text(
    "SELECT id FROM item WHERE table_id = :t AND round = :r AND kind = 'direction' LIMIT 1"
)

# meta key (+ table id): the table's last-change time its newest export was made from. A table changed
# since has a stale summary: its address shows the live page again (kept in meta: no schema change).
EXPORT_STAMP = "export_stamp:"

TABLE_FIELDS = {
    "title", "date", "programme", "location", "moderator", "language", "canvas",
    "canvas_version", "started_at", "ended_at",
}
PARTICIPANT_FIELDS = {"name", "sector", "consent"}
ITEM_FIELDS = {"text", "value", "refs", "between", "rank", "tags", "zone", "round", "kind", "participant"}


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    return str(uuid.uuid4())


def _timer(row: RoundTimerRow) -> RoundTimer:
    since = dt.datetime.fromisoformat(row.running_since) if row.running_since else None
    return RoundTimer(row.elapsed, since)


@dataclass(frozen=True)
class DirectionVersion:
    id: str
    round: str
    text: str
    saved_at: str


@dataclass(frozen=True)
class LiveStamp:
    """A table as its live page watches it: it changed when any of these did."""

    table_id: str
    updated_at: str
    current_round: str | None
    exported: bool  # exported, and not changed since: its address shows that summary
    ended: bool = False  # the table reached its closing (ended_at set)


class Store:
    """Tables, participants and items in one database. Methods return domain objects."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # table id -> the last-change time this Store last wrote, so a change made by another
        # process (an import in another terminal) can be told from this one's own (``changed_at``).
        self.touched: dict[str, str] = {}

    def _touch(self, conn: Connection | Session, table_id: str, now: str | None = None) -> None:
        now = now or now_iso()
        conn.execute(_TOUCH, {"now": now, "id": table_id})
        self.touched[table_id] = now

    @classmethod
    def open(cls, url: str) -> Store:
        engine = make_engine(url)
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _edit(self, table_id: str | None = None) -> Iterator[Session]:
        """One committed transaction; touches the table's last-change time."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            if table_id is not None:
                self._touch(session, table_id)
            session.commit()

    def _table_row(self, session: Session, table_id: str) -> TableRow:
        row = session.get(TableRow, table_id)
        if row is None:
            raise TafelError("table.not_found", ref=table_id)
        return row

    # -- tables --------------------------------------------------------------------------

    def create_table(
        self, *, title: str, canvas: str, date: str | None = None, canvas_version: int | None = None,
        language: str = "nl", programme: str | None = None, location: str | None = None,
        moderator: str | None = None,
    ) -> str:
        check_lengths({"title": title, "location": location, "moderator": moderator})
        now = now_iso()
        row = TableRow(
            id=new_id(), title=title, canvas=canvas, canvas_version=canvas_version,
            date=date or dt.date.today().isoformat(), language=language, programme=programme,
            location=location, moderator=moderator, created_at=now, updated_at=now,
        )
        with self._edit() as session:
            session.add(row)
        return row.id

    def update_table(self, table_id: str, **fields: Any) -> None:
        unknown = set(fields) - TABLE_FIELDS
        if unknown:
            raise ValueError(f"not table fields: {sorted(unknown)}")
        check_lengths(fields)
        with self._edit(table_id) as session:
            row = self._table_row(session, table_id)
            for key, value in fields.items():
                setattr(row, key, value)

    def list_tables(self) -> list[TableSummary]:
        """Tables not deleted, most recently changed first."""
        with Session(self.engine) as session:
            people = (
                select(func.count()).where(col(ParticipantRow.table_id) == col(TableRow.id))
            ).scalar_subquery()
            notes = (select(func.count()).where(col(ItemRow.table_id) == col(TableRow.id))).scalar_subquery()
            query = (
                select(TableRow, people, notes)
                .where(col(TableRow.deleted_at).is_(None))
                .order_by(col(TableRow.updated_at).desc())
            )
            return [
                TableSummary(
                    id=row.id, title=row.title, date=row.date, canvas=row.canvas,
                    current_round=row.current_round, updated_at=row.updated_at,
                    participants=n_people, items=n_items,
                )
                for row, n_people, n_items in session.exec(query)
            ]

    def get_table(self, table_id: str) -> Table:
        with Session(self.engine) as session:
            row = self._table_row(session, table_id)
            participants = session.exec(
                select(ParticipantRow).where(col(ParticipantRow.table_id) == table_id)
                .order_by(col(ParticipantRow.position))
            ).all()
            items = session.exec(
                select(ItemRow).where(col(ItemRow.table_id) == table_id).order_by(col(ItemRow.position))
            ).all()
            stones = session.exec(select(TombstoneRow).where(col(TombstoneRow.table_id) == table_id)).all()
            return mappers.table(row, list(participants), list(items), list(stones))

    def resolve(self, ref: str) -> str:
        """A table id from an id, an unambiguous id prefix, or an exact title."""
        ref = ref.strip()
        try:
            as_id = str(uuid.UUID(ref))  # ids are compared as UUIDs: {ABC…} is abc…
        except ValueError:
            as_id = ref
        with Session(self.engine) as session:
            live = col(TableRow.deleted_at).is_(None)
            if session.exec(select(TableRow.id).where(TableRow.id == as_id, live)).first():
                return as_id
            by_prefix = session.exec(
                select(TableRow.id).where(col(TableRow.id).startswith(ref.lower()), live)
            ).all() if len(ref) >= 4 else []
            by_title = session.exec(select(TableRow.id).where(TableRow.title == ref, live)).all()
        found = list(dict.fromkeys([*by_title, *by_prefix]))
        if not found:
            raise TafelError("table.not_found", ref=ref)
        if len(found) > 1:
            raise TafelError("table.ambiguous", ref=ref, count=len(found))
        return found[0]

    def delete_table(self, table_id: str) -> None:
        """Hide a table; ``restore_table`` undoes it until ``purge_deleted`` runs."""
        with self._edit() as session:
            self._table_row(session, table_id).deleted_at = now_iso()

    def restore_table(self, table_id: str) -> None:
        with self._edit() as session:
            self._table_row(session, table_id).deleted_at = None

    def purge_deleted(self) -> int:
        with self._edit() as session:
            result = session.execute(delete(TableRow).where(col(TableRow.deleted_at).is_not(None)))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def changed_at(self, table_id: str) -> tuple[str, str | None] | None:
        """(updated_at, source_exported_at) of a table: when it last changed, and the export time of
        the newest file imported into it; None when it is not here."""
        with self.engine.connect() as conn:
            found = conn.execute(_CHANGED_AT, {"id": table_id}).first()
        return None if found is None else (found[0], found[1])

    def set_current_round(self, table_id: str, round_id: str | None) -> None:
        with self._edit() as session:
            self._table_row(session, table_id).current_round = round_id

    def current_round(self, table_id: str) -> str | None:
        with Session(self.engine) as session:
            return self._table_row(session, table_id).current_round

    def share_token(self, table_id: str) -> str:
        """The table's unguessable slug (144 random bits), made once and then kept."""
        with self._edit() as session:
            row = self._table_row(session, table_id)
            if row.share_token is None:
                row.share_token = secrets.token_urlsafe(18)
            return row.share_token

    def table_by_token(self, token: str) -> str | None:
        with Session(self.engine) as session:
            return session.exec(
                select(TableRow.id).where(TableRow.share_token == token, col(TableRow.deleted_at).is_(None))
            ).first()

    def record_export(self, table_id: str, folder: str, changed: str | None = None) -> None:
        """Remember where the table was last exported (not a change to the table itself), and the
        last-change time it was exported at: ``changed``, read before the table was (an edit while
        it was rendered then counts as after the export), else the one in the database now."""
        with self._edit() as session:
            row = self._table_row(session, table_id)
            row.export_path = folder
            session.merge(MetaRow(key=EXPORT_STAMP + table_id, value=changed or row.updated_at))

    def _exports(self) -> Any:
        """tafel_table joined with each table's export stamp (NULL: none recorded)."""
        return TableRow.__table__.outerjoin(  # type: ignore[attr-defined]
            MetaRow.__table__, col(MetaRow.key) == EXPORT_STAMP + col(TableRow.id))  # type: ignore[attr-defined]

    @staticmethod
    def _fresh(stamp: str | None, updated_at: str) -> bool:
        # No stamp: exported before stamps were kept; its summary stays what the address shows.
        return stamp is None or stamp == updated_at

    def exported_folders(self) -> dict[str, str]:
        """Share token → export folder, for every live table exported with a token and not changed
        since (a table changed after its export shows its live page, not the stale summary)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(TableRow.share_token, TableRow.export_path, TableRow.updated_at, MetaRow.value)
                .select_from(self._exports())
                .where(col(TableRow.share_token).is_not(None), col(TableRow.export_path).is_not(None),
                       col(TableRow.deleted_at).is_(None))
            ).all()
        return {token: path for token, path, updated, stamp in found
                if token and path and self._fresh(stamp, updated)}

    def live_stamps(self, tokens: Iterable[str]) -> dict[str, LiveStamp]:
        """Share token → what the live page needs to know it changed, for the tables among ``tokens``
        that are not deleted: one query, whatever the number (the share server asks a few times a second)."""
        wanted = list(dict.fromkeys(tokens))
        if not wanted:
            return {}
        with self.engine.connect() as conn:
            found = conn.execute(
                select(TableRow.share_token, TableRow.id, TableRow.updated_at, TableRow.current_round,
                       TableRow.export_path, TableRow.ended_at, MetaRow.value)
                .select_from(self._exports())
                .where(col(TableRow.share_token).in_(wanted), col(TableRow.deleted_at).is_(None))
            ).all()
        return {token: LiveStamp(table_id, updated, current, path is not None and self._fresh(stamp, updated),
                                 bool(ended))
                for token, table_id, updated, current, path, ended, stamp in found}

    # -- participants ----------------------------------------------------------------------

    def add_participant(
        self, table_id: str, *, name: str | None = None, sector: str | None = None,
        consent: bool = False,
    ) -> Participant:
        check_lengths({"name": name, "sector": sector})
        with self._edit(table_id) as session:
            self._table_row(session, table_id)
            position = session.exec(
                select(func.coalesce(func.max(ParticipantRow.position), -1))
                .where(col(ParticipantRow.table_id) == table_id)
            ).one()
            row = ParticipantRow(
                id=new_id(), table_id=table_id, position=position + 1, name=name, sector=sector,
                consent=consent, updated_at=now_iso(),
            )
            session.add(row)
        return mappers.participant(row)

    def update_participant(self, participant_id: str, **fields: Any) -> Participant:
        unknown = set(fields) - PARTICIPANT_FIELDS
        if unknown:
            raise ValueError(f"not participant fields: {sorted(unknown)}")
        check_lengths(fields)
        with Session(self.engine, expire_on_commit=False) as session:
            row = session.get(ParticipantRow, participant_id)
            if row is None:
                raise TafelError("participant.not_found", ref=participant_id)
            table_id = row.table_id
        with self._edit(table_id) as session:
            row = session.get(ParticipantRow, participant_id)
            assert row is not None
            for key, value in fields.items():
                setattr(row, key, value)
            row.updated_at = now_iso()
        return mappers.participant(row)

    def remove_participant(self, participant_id: str) -> tuple[Participant, int]:
        """Remove a participant; returns it and its place, for ``restore_participant``."""
        with Session(self.engine) as session:
            row = session.get(ParticipantRow, participant_id)
            if row is None:
                raise TafelError("participant.not_found", ref=participant_id)
            table_id, position, removed = row.table_id, row.position, mappers.participant(row)
        with self._edit(table_id) as session:
            session.execute(delete(ParticipantRow).where(col(ParticipantRow.id) == participant_id))
            session.execute(_BURY, {"t": table_id, "id": participant_id, "kind": "participant", "at": now_iso()})
        return removed, position

    def restore_participant(self, table_id: str, participant: Participant, position: int) -> None:
        with self._edit(table_id) as session:
            session.execute(_UNBURY, {"t": table_id, "id": participant.id})
            session.add(mappers.participant_row(table_id, participant, position))

    # -- items -----------------------------------------------------------------------------
    # Items are what a moderator types all the time, so these edits use SQLAlchemy Core on the
    # same tables: one small transaction each, no ORM unit of work (3-4x faster per edit).

    @contextmanager
    def _tx(self, table_id: str | None) -> Iterator[Connection]:
        """One committed Core transaction that also touches the table's last-change time."""
        with self.engine.begin() as conn:
            yield conn
            if table_id is not None:
                self._touch(conn, table_id)

    def _item_table(self, conn: Connection, item_id: str) -> str:
        table_id = conn.execute(_ITEM_TABLE, {"id": item_id}).scalar()
        if table_id is None:
            raise TafelError("item.not_found", ref=item_id)
        return str(table_id)

    def _next_position(self, conn: Connection, table_id: str) -> int:
        return int(conn.execute(_NEXT_POSITION, {"t": table_id}).scalar_one())

    def add_item(
        self, table_id: str, *, round: str, kind: str, text: str = "", value: str | None = None,
        refs: Sequence[str] = (), participant: str | None = None, between: Sequence[str] = (),
        rank: int | None = None, tags: Sequence[str] = (), zone: str | None = None,
    ) -> Item:
        check_lengths({"text": text, "value": value, "refs": refs, "between": between, "tags": tags})
        now = now_iso()
        item = Item(
            id=new_id(), round=round, kind=kind, text=text, value=value, refs=list(refs),
            participant=participant, between=list(between), rank=rank, tags=list(tags), zone=zone,
            created_at=now,
        )
        try:
            with self._tx(table_id) as conn:
                if kind == "advice" and rank is None:
                    item.rank = 1 + int(conn.execute(_ADVICE_COUNT, {"t": table_id, "r": round}).scalar_one())
                values = mappers.item_values(table_id, item, self._next_position(conn, table_id), now)
                conn.execute(_ITEMS.insert(), values)
        except IntegrityError:  # the foreign key: the table is gone (deleted meanwhile)
            raise TafelError("table.not_found", ref=table_id) from None
        return item

    def update_item(self, item_id: str, **fields: Any) -> Item:
        unknown = set(fields) - ITEM_FIELDS
        if unknown:
            raise ValueError(f"not item fields: {sorted(unknown)}")
        check_lengths(fields)
        values = dict(fields)
        if "participant" in values:
            values["participant_id"] = values.pop("participant")
        for key in ("refs", "between", "tags"):
            if key in values:
                values[key] = list(values[key])
        values["updated_at"] = now_iso()
        with self.engine.begin() as conn:
            table_id = self._item_table(conn, item_id)
            conn.execute(_ITEMS.update().where(_ITEMS.c.id == item_id).values(**values))
            self._touch(conn, table_id, values["updated_at"])
            found = conn.execute(_ITEMS.select().where(_ITEMS.c.id == item_id)).mappings().one()
        return mappers.item(ItemRow.model_construct(**found))

    def get_item(self, item_id: str) -> Item:
        with Session(self.engine) as session:
            row = session.get(ItemRow, item_id)
            if row is None:
                raise TafelError("item.not_found", ref=item_id)
            return mappers.item(row)

    def delete_item(self, item_id: str) -> tuple[Item, int]:
        """Delete an item; returns it and its place, for ``restore_item`` (undo)."""
        with self.engine.begin() as conn:
            found = conn.execute(_ITEMS.select().where(_ITEMS.c.id == item_id)).mappings().first()
            if found is None:
                raise TafelError("item.not_found", ref=item_id)
            now = now_iso()
            conn.execute(_ITEMS.delete().where(_ITEMS.c.id == item_id))
            conn.execute(_BURY, {"t": found["table_id"], "id": item_id, "kind": "item", "at": now})
            self._touch(conn, found["table_id"], now)
        return mappers.item(ItemRow.model_construct(**found)), int(found["position"])

    def restore_item(self, table_id: str, item: Item, position: int | None = None) -> None:
        with self._tx(table_id) as conn:
            if position is None:
                position = self._next_position(conn, table_id)
            conn.execute(_UNBURY, {"t": table_id, "id": item.id})
            conn.execute(_ITEMS.insert(), mappers.item_values(table_id, item, position, now_iso()))

    def rank_items(self, table_id: str, ordered_ids: Iterable[str]) -> None:
        """Give the listed items ranks 1, 2, 3… in that order (the advice's priority)."""
        now = now_iso()
        with self._tx(table_id) as conn:
            for rank, item_id in enumerate(ordered_ids, start=1):
                conn.execute(
                    _ITEMS.update()
                    .where(_ITEMS.c.id == item_id, _ITEMS.c.table_id == table_id)
                    .values(rank=rank, updated_at=now)
                )

    # -- direction -------------------------------------------------------------------------

    def save_direction(self, table_id: str, round: str, text: str) -> DirectionVersion:
        """Keep a new version of the round's direction and make it the current text."""
        check_lengths({"text": text})
        now = now_iso()
        with self._tx(table_id) as conn:
            current = conn.execute(_DIRECTION_ITEM, {"t": table_id, "r": round}).scalar()
            if current is None:
                item = Item(id=new_id(), round=round, kind="direction", text=text, created_at=now)
                values = mappers.item_values(table_id, item, self._next_position(conn, table_id), now)
                conn.execute(_ITEMS.insert(), values)
            else:
                conn.execute(_ITEMS.update().where(_ITEMS.c.id == current).values(text=text, updated_at=now))
            version = {"id": new_id(), "table_id": table_id, "round": round, "text": text, "saved_at": now}
            conn.execute(_VERSIONS.insert(), version)
        return DirectionVersion(version["id"], round, text, now)

    def direction_versions(self, table_id: str, round: str) -> list[DirectionVersion]:
        """Every saved version, oldest first."""
        with Session(self.engine) as session:
            found = session.exec(
                select(DirectionVersionRow)
                .where(col(DirectionVersionRow.table_id) == table_id, col(DirectionVersionRow.round) == round)
                .order_by(col(DirectionVersionRow.saved_at))
            ).all()
            return [DirectionVersion(v.id, v.round, v.text, v.saved_at) for v in found]

    # -- timers ----------------------------------------------------------------------------

    def timer(self, table_id: str, round: str) -> RoundTimer:
        with Session(self.engine) as session:
            row = session.get(RoundTimerRow, (table_id, round))
        return RoundTimer() if row is None else _timer(row)

    def timers(self, table_id: str) -> dict[str, RoundTimer]:
        with Session(self.engine) as session:
            found = session.exec(select(RoundTimerRow).where(col(RoundTimerRow.table_id) == table_id)).all()
        return {r.round: _timer(r) for r in found}

    def save_timer(self, table_id: str, round: str, timer: RoundTimer) -> None:
        since = timer.running_since.isoformat() if timer.running_since else None
        with self._tx(None) as conn:
            conn.execute(_TIMERS.delete().where(_TIMERS.c.table_id == table_id, _TIMERS.c.round == round))
            conn.execute(
                _TIMERS.insert(),
                {"table_id": table_id, "round": round, "elapsed": timer.elapsed, "running_since": since},
            )

    # -- import ----------------------------------------------------------------------------

    @contextmanager
    def importing(self) -> Iterator[ImportSession]:
        """One write transaction for a whole import: all its files or none of them."""
        with self.engine.connect() as conn:
            begin_write(conn)
            try:
                yield ImportSession(conn)
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
