"""The SQL of venue mode: on a laptop, what is still to send; in the programme database, one table
received (the import merge, plus where it came from and the versions that lost).

The decisions are the domain's (``table_merge.plan_merge``, ``sync.conflicts``); the caller in
``tafel.services.sync`` puts them together. Only this module and ``importing`` hold the SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import Connection

from tafel.domain.sync import Conflict
from tafel.storage.db import begin_write
from tafel.storage.importing import ImportSession

_T = TypeVar("_T")

_PENDING = text(
    "SELECT t.id, t.updated_at FROM tafel_table t LEFT JOIN sync_sent s ON s.table_id = t.id "
    "WHERE t.deleted_at IS NULL AND (s.updated_at IS NULL OR s.updated_at <> t.updated_at "
    "OR s.deleted_at IS NOT NULL) ORDER BY t.updated_at"
)
# Tables deleted here (undoable) since they were sent: hidden in the programme database too.
_DELETED = text(
    "SELECT t.id, t.deleted_at FROM tafel_table t JOIN sync_sent s ON s.table_id = t.id "
    "WHERE t.deleted_at IS NOT NULL AND s.deleted_at IS NULL"
)
_SENT = text(
    "INSERT INTO sync_sent (table_id, updated_at, sent_at, deleted_at) VALUES (:t, :u, :at, NULL) "
    "ON CONFLICT (table_id) DO UPDATE SET updated_at = excluded.updated_at, sent_at = excluded.sent_at, "
    "deleted_at = NULL"
)
_SENT_DELETED = text("UPDATE sync_sent SET deleted_at = :d, sent_at = :at WHERE table_id = :t")
_HIDE = text("UPDATE tafel_table SET deleted_at = :d WHERE id = :t")
_SHOW = text("UPDATE tafel_table SET deleted_at = NULL WHERE id = :t AND deleted_at IS NOT NULL")
_LAST_SENT = text("SELECT max(sent_at) FROM sync_sent")
_TOKEN = text("SELECT share_token FROM tafel_table WHERE id = :t")
# The laptop's participant-page slug, so the QR code printed there also opens on a venue machine
# serving the programme database; a slug already there (another laptop's) is kept.
_SET_TOKEN = text(
    "UPDATE tafel_table SET share_token = :tok WHERE id = :t AND share_token IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM tafel_table o WHERE o.share_token = :tok)"
)
_META = text("SELECT value FROM meta WHERE key = :k")
_SET_META = text(
    "INSERT INTO meta (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
_DROP_META = text("DELETE FROM meta WHERE key = :k")
_SOURCE = text(
    "INSERT INTO sync_source (table_id, laptop, synced_at) VALUES (:t, :laptop, :at) "
    "ON CONFLICT (table_id) DO UPDATE SET laptop = excluded.laptop, synced_at = excluded.synced_at"
)
_ORIGINS = text("SELECT id, laptop FROM sync_origin WHERE table_id = :t")
_ORIGIN = text(
    "INSERT INTO sync_origin (id, table_id, laptop) VALUES (:id, :t, :laptop) "
    "ON CONFLICT (id) DO UPDATE SET laptop = excluded.laptop, table_id = excluded.table_id"
)
_SEEN = text("SELECT id, laptop, updated_at FROM sync_seen WHERE table_id = :t")
_SAW = text(
    "INSERT INTO sync_seen (table_id, id, laptop, updated_at) VALUES (:t, :id, :laptop, :at) "
    "ON CONFLICT (id, laptop, updated_at) DO NOTHING"
)
_CONFLICT = text(
    "INSERT INTO sync_conflict (id, table_id, kind, thing_id, lost_laptop, lost_updated_at, lost, kept_laptop, "
    "kept_updated_at, recorded_at) VALUES (:id, :t, :kind, :thing, :lost_laptop, :lost_at, :lost, :kept_laptop, "
    ":kept_at, :now) ON CONFLICT (thing_id, lost_laptop, lost_updated_at) DO NOTHING"
)
_CONFLICTS = text(
    "SELECT c.table_id, t.title, c.kind, c.thing_id, c.lost_laptop, c.lost_updated_at, c.lost, c.kept_laptop, "
    "c.kept_updated_at FROM sync_conflict c JOIN tafel_table t ON t.id = c.table_id "
    "ORDER BY c.recorded_at, c.thing_id"
)
_SOURCES = text("SELECT table_id, laptop, synced_at FROM sync_source")
_WITH_PAGE = text("SELECT count(*) FROM tafel_table WHERE share_token IS NOT NULL AND deleted_at IS NULL")


# -- on the laptop ----------------------------------------------------------------------------

def light_writes(engine: Engine) -> None:
    """The sync's own connections to the laptop's SQLite commit without waiting for the disk
    (``synchronous=NORMAL``; WAL keeps the file consistent): its only writes are the "sent" marks,
    which a power cut may lose (the table is then sent again, changing nothing), and the
    moderator's edits never queue behind its fsync."""
    if engine.dialect.name != "sqlite":
        return

    def relaxed(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    event.listen(engine, "connect", relaxed)
    engine.dispose()  # connections made before now are made again, relaxed

def pending(engine: Engine) -> list[tuple[str, str]]:
    """(table id, updated_at) of every live table changed since it was last sent, oldest first."""
    with engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(_PENDING)]


def share_token(engine: Engine, table_id: str) -> str | None:
    with engine.connect() as conn:
        found = conn.execute(_TOKEN, {"t": table_id}).scalar()
    return None if found is None else str(found)


def deleted(engine: Engine) -> list[tuple[str, str]]:
    """(table id, deleted_at) of tables deleted here since they were last sent."""
    with engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(_DELETED)]


def mark_deleted_sent(engine: Engine, table_id: str, deleted_at: str, now: str) -> None:
    with engine.begin() as conn:
        conn.execute(_SENT_DELETED, {"t": table_id, "d": deleted_at, "at": now})


def hide(engine: Engine, table_id: str, deleted_at: str) -> None:
    """In the programme database: a table deleted on its laptop is hidden (as there: undoable)."""
    with engine.connect() as conn:
        begin_write(conn, key=table_id)
        conn.execute(_HIDE, {"t": table_id, "d": deleted_at})
        conn.commit()


def mark_sent(engine: Engine, table_id: str, updated_at: str, now: str) -> None:
    with engine.begin() as conn:
        conn.execute(_SENT, {"t": table_id, "u": updated_at, "at": now})


def last_sent(engine: Engine) -> str | None:
    with engine.connect() as conn:
        found = conn.execute(_LAST_SENT).scalar()
    return None if found is None else str(found)


def meta(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        found = conn.execute(_META, {"k": key}).scalar()
    return None if found is None else str(found)


def set_meta(engine: Engine, key: str, value: str | None, *, scrub: bool = False) -> None:
    """``scrub``: the old value was a secret (an address with its password, saved by an older
    tafel): SQLite overwrites the freed bytes with zeros and the WAL is emptied into the file, so
    the secret is not left in a free page or an old WAL frame."""
    sqlite = scrub and engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete = ON")
        if value is None:
            conn.execute(_DROP_META, {"k": key})
        else:
            conn.execute(_SET_META, {"k": key, "v": value})
    if sqlite:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# -- in the programme database ----------------------------------------------------------------

@dataclass(frozen=True)
class ConflictRow:
    table_id: str
    title: str
    conflict: Conflict


class Receiving(ImportSession):
    """One table received from a laptop: the import session, under that table's lock."""

    def origins(self, table_id: str) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute(_ORIGINS, {"t": table_id})}

    def seen(self, table_id: str) -> set[tuple[str, str, str]]:
        return {(r[0], r[1], r[2]) for r in self.conn.execute(_SEEN, {"t": table_id})}

    def record(self, table_id: str, laptop: str, now: str, written: Iterable[str], lost: list[Conflict],
               sent: Iterable[tuple[str, str]] = (), seen: set[tuple[str, str, str]] | None = None,
               token: str | None = None) -> None:
        """Where the table came from, who wrote what it now holds, the versions ``sent`` (id, change
        time) by this laptop that were not ``seen`` yet, the versions that lost, and the laptop's
        participant-page slug (``token``) when the table has none here yet."""
        self.conn.execute(_SOURCE, {"t": table_id, "laptop": laptop, "at": now})
        # Sent, so live on that laptop (changed, or restored after a deletion): shown again.
        self.conn.execute(_SHOW, {"t": table_id})
        if token:
            self.conn.execute(_SET_TOKEN, {"t": table_id, "tok": token})
        known = seen or set()
        new = [{"t": table_id, "id": i, "laptop": laptop, "at": at} for i, at in sent if (i, laptop, at) not in known]
        if new:
            self.conn.execute(_SAW, new)
        rows = [{"id": ident, "t": table_id, "laptop": laptop} for ident in written]
        if rows:
            self.conn.execute(_ORIGIN, rows)
        if lost:
            self.conn.execute(_CONFLICT, [
                {"id": str(uuid.uuid4()), "t": table_id, "kind": c.kind, "thing": c.id, "lost_laptop": c.lost_laptop,
                 "lost_at": c.lost_updated_at, "lost": _json(c.lost), "kept_laptop": c.kept_laptop,
                 "kept_at": c.kept_updated_at, "now": now}
                for c in lost
            ])


def _json(value: dict[str, Any]) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def receive(engine: Engine, table_id: str, work: Callable[[Receiving], _T]) -> _T:
    """Run ``work`` in one transaction holding the table's write lock; committed when it returns."""
    with engine.connect() as conn:
        begin_write(conn, key=table_id)
        try:
            result = work(Receiving(conn))
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    return result


def conflicts(engine: Engine) -> list[ConflictRow]:
    import json

    with engine.connect() as conn:
        found = conn.execute(_CONFLICTS).all()
    out = []
    for t_id, title, kind, thing, lost_laptop, lost_at, lost, kept_laptop, kept_at in found:
        lost_value = json.loads(lost) if isinstance(lost, str) else lost
        found_one = Conflict(kind, thing, lost_laptop, lost_at, lost_value, kept_laptop, kept_at)
        out.append(ConflictRow(t_id, title, found_one))
    return out


def sources(engine: Engine) -> dict[str, tuple[str, str]]:
    """table id → (laptop, last sync) in the programme database."""
    with engine.connect() as conn:
        return {r[0]: (r[1], r[2]) for r in conn.execute(_SOURCES)}


def tables_with_a_page(engine: Engine) -> int:
    """Live tables with a participant-page slug: what a venue's ``tafel share --db`` serves."""
    with engine.connect() as conn:
        return int(conn.execute(_WITH_PAGE).scalar() or 0)


def check_connection(conn: Connection) -> None:
    conn.execute(text("SELECT 1"))
