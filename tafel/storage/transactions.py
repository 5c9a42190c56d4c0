"""What every part of the Store shares: the engine, one committed transaction per edit, the clock.

Every edit is its own committed transaction: no "save". An edit to a table's content also moves
the table's last-change time, so another process (an import in another terminal) can be told from
this one's own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from tafel.domain.errors import TafelError
from tafel.storage.rows import TableRow

_TOUCH = text("UPDATE tafel_table SET updated_at = :now WHERE id = :id")
UNBURY = text("DELETE FROM tombstone WHERE table_id = :t AND id = :id")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    return str(uuid.uuid4())


class Transactions:
    """The engine and the ways to edit through it; the Store's parts build on this."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # table id -> the last-change time this Store last wrote, so a change made by another
        # process (an import in another terminal) can be told from this one's own (``changed_at``).
        self.touched: dict[str, str] = {}

    @staticmethod
    def _now() -> str:
        return now_iso()  # looked up here at each call: tests freeze the clock in this one module

    def _touch(self, conn: Connection | Session, table_id: str, now: str | None = None) -> None:
        now = now or self._now()
        conn.execute(_TOUCH, {"now": now, "id": table_id})
        self.touched[table_id] = now

    @contextmanager
    def _edit(self, table_id: str | None = None) -> Iterator[Session]:
        """One committed ORM transaction; touches the table's last-change time."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            if table_id is not None:
                self._touch(session, table_id)
            session.commit()

    @contextmanager
    def _tx(self, table_id: str | None) -> Iterator[Connection]:
        """One committed Core transaction that also touches the table's last-change time."""
        with self.engine.begin() as conn:
            yield conn
            if table_id is not None:
                self._touch(conn, table_id)

    def _table_row(self, session: Session, table_id: str) -> TableRow:
        row = session.get(TableRow, table_id)
        if row is None:
            raise TafelError("table.not_found", ref=table_id)
        return row
