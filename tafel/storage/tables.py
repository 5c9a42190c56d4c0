"""The Store's tables: create, change, list, find, delete and restore them; their share tokens."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, text
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from tafel.domain.errors import TafelError
from tafel.domain.limits import check_lengths
from tafel.domain.table import Table, TableSummary
from tafel.storage import mappers
from tafel.storage.rows import ItemRow, MetaRow, ParticipantRow, TableRow, TombstoneRow, table_of
from tafel.storage.transactions import Transactions, new_id

_CHANGED_AT = text("SELECT updated_at, source_exported_at FROM tafel_table WHERE id = :id")

# meta key (+ table id): the table's last-change time its newest export was made from. A table changed
# since has a stale summary: its address shows the live page again (kept in meta: no schema change).
EXPORT_STAMP = "export_stamp:"

TABLE_FIELDS = {
    "title", "date", "programme", "location", "moderator", "language", "canvas",
    "canvas_version", "started_at", "ended_at",
}


@dataclass(frozen=True)
class LiveStamp:
    """A table as its live page watches it: it changed when any of these did."""

    table_id: str
    updated_at: str
    current_round: str | None
    exported: bool  # exported, and not changed since: its address shows that summary
    ended: bool = False  # the table reached its closing (ended_at set)


class Tables(Transactions):
    def create_table(
        self, *, title: str, canvas: str, date: str | None = None, canvas_version: int | None = None,
        language: str = "nl", programme: str | None = None, location: str | None = None,
        moderator: str | None = None,
    ) -> str:
        check_lengths({"title": title, "location": location, "moderator": moderator})
        now = self._now()
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
            self._table_row(session, table_id).deleted_at = self._now()

    def restore_table(self, table_id: str) -> None:
        with self._edit() as session:
            self._table_row(session, table_id).deleted_at = None

    def purge_deleted(self) -> int:
        with self._edit() as session:
            result = session.execute(delete(TableRow).where(col(TableRow.deleted_at).is_not(None)))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a DELETE's result is a CursorResult

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

    @staticmethod
    def _exports() -> Any:
        """tafel_table joined with each table's export stamp (NULL: none recorded)."""
        return table_of(TableRow).outerjoin(table_of(MetaRow), col(MetaRow.key) == EXPORT_STAMP + col(TableRow.id))

    @staticmethod
    def _fresh(stamp: str | None, updated_at: str) -> bool:
        # No stamp: exported before stamps were kept; its summary stays what the address shows.
        return stamp is None or stamp == updated_at

    def exported_folders(self) -> dict[str, str]:
        """Share token → export folder, for every live table exported with a token and not changed
        since (a table changed after its export shows its live page, not the stale summary)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                core_select(col(TableRow.share_token), col(TableRow.export_path), col(TableRow.updated_at),
                            col(MetaRow.value))
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
                core_select(col(TableRow.share_token), col(TableRow.id), col(TableRow.updated_at),
                            col(TableRow.current_round), col(TableRow.export_path), col(TableRow.ended_at),
                            col(MetaRow.value))  # sqlmodel's select takes 4 columns at most
                .select_from(self._exports())
                .where(col(TableRow.share_token).in_(wanted), col(TableRow.deleted_at).is_(None))
            ).all()
        return {token: LiveStamp(table_id, updated, current, path is not None and self._fresh(stamp, updated),
                                 bool(ended))
                for token, table_id, updated, current, path, ended, stamp in found if token is not None}
