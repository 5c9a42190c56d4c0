"""The Store: the only place with SQL. Every edit is its own committed transaction: no "save".

One class for the services, put together from parts named for what they own: ``tables``,
``participants``, ``items`` (with the direction's versions) and ``timers``, on the engine and
transactions of ``transactions``. The names services import are here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tafel.storage.db import begin_write, make_engine, migrate
from tafel.storage.importing import ImportSession
from tafel.storage.items import ITEM_FIELDS, DirectionVersion, Items
from tafel.storage.participants import PARTICIPANT_FIELDS, Participants
from tafel.storage.tables import TABLE_FIELDS, LiveStamp, Tables
from tafel.storage.timers import Timers
from tafel.storage.transactions import new_id, now_iso

__all__ = [
    "ITEM_FIELDS", "PARTICIPANT_FIELDS", "TABLE_FIELDS", "DirectionVersion", "LiveStamp", "Store", "new_id",
    "now_iso",
]


class Store(Tables, Participants, Items, Timers):
    """Tables, participants and items in one database. Methods return domain objects."""

    @classmethod
    def open(cls, url: str) -> Store:
        engine = make_engine(url)
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

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
