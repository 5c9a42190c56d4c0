"""The engine: SQLite pragmas that make every acknowledged edit durable, and schema migrations."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel

from tafel.domain.errors import TafelError
from tafel.storage import rows
from tafel.storage.start_list import SCHEMA_VERSION as SCHEMA_VERSION  # kept beside the quick read

BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # First: every statement after it waits for another process's lock instead of failing at once.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    _wal(cursor)
    # FULL: the WAL is synced at every commit, so an edit acknowledged survives a power cut.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _wal(cursor: Any) -> None:
    """Switch to WAL. On a brand-new file that another process is creating at the same moment,
    SQLite can refuse the switch at once ("database is locked") without waiting: try again briefly."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite files get their folder made and the pragmas set."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url)
    database = parsed.database
    if not database or database == ":memory:":
        engine = create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _migrate_1_to_2(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE tafel_table ADD COLUMN share_token VARCHAR"))
    conn.execute(text("ALTER TABLE tafel_table ADD COLUMN deleted_at VARCHAR"))
    conn.execute(text("ALTER TABLE tafel_table ADD COLUMN source_exported_at VARCHAR"))
    conn.execute(text("ALTER TABLE tafel_table ADD COLUMN export_path VARCHAR"))
    conn.execute(
        text("CREATE UNIQUE INDEX ix_tafel_table_share_token ON tafel_table (share_token)")
    )
    conn.execute(text("ALTER TABLE item ADD COLUMN zone VARCHAR"))
    SQLModel.metadata.create_all(
        conn,
        tables=[rows.table_of(rows.DirectionVersionRow), rows.table_of(rows.RoundTimerRow)],
    )
    # A v1 table's direction had no history: its current text becomes the first version.
    conn.execute(
        text(
            "INSERT INTO direction_version (id, table_id, round, text, saved_at) "
            "SELECT id, table_id, round, text, COALESCE(updated_at, created_at, '') "
            "FROM item WHERE kind = 'direction'"
        )
    )


def _migrate_2_to_3(conn: Connection) -> None:
    # Participants had no change time: unknown (NULL) counts as older than any dated change.
    conn.execute(text("ALTER TABLE participant ADD COLUMN updated_at VARCHAR"))
    SQLModel.metadata.create_all(conn, tables=[rows.table_of(rows.TombstoneRow)])


def _migrate_3_to_4(conn: Connection) -> None:
    # Venue mode: what a laptop sent, and in the programme database where each table came from.
    SQLModel.metadata.create_all(conn, tables=[
        rows.table_of(rows.SyncSentRow), rows.table_of(rows.SyncSourceRow),
        rows.table_of(rows.SyncOriginRow), rows.table_of(rows.SyncSeenRow),
        rows.table_of(rows.SyncConflictRow),
    ])


# MIGRATIONS[n] upgrades a database at version n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4}


# PostgreSQL: the advisory lock every writer of tafel's tables through ``begin_write`` takes.
WRITE_LOCK = 0x7A_FE_10


def begin_write(conn: Connection, key: str | None = None) -> None:
    """Take the write lock now, not at the first write: what is read next cannot change before
    the commit, and a second writer waits instead of failing halfway. Must be the connection's
    first statement.

    SQLite: ``BEGIN IMMEDIATE`` (the one database lock, with its busy timeout). PostgreSQL: a
    transaction-level advisory lock, released at commit or rollback — the whole database's, or
    with ``key`` one table's (the sync of one table does not wait for another table's: it holds
    the database's lock shared, so a whole import still waits for every sync and the other way).
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        if key is None:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": WRITE_LOCK})
            conn.execute(text("SELECT pg_advisory_xact_lock(:k, hashtext(:t))"), {"k": WRITE_LOCK, "t": key})


def schema_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table("meta"):
        return None
    found = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    return int(found) if found is not None else None


def migrate(engine: Engine) -> int:
    """Create a new database, or upgrade an older one in place; returns the version before."""
    with engine.connect() as conn:
        version = schema_version(conn)
    if version == SCHEMA_VERSION:  # the usual start: no write lock taken (a read-only file opens)
        return version
    with engine.begin() as conn:
        begin_write(conn)  # two processes opening a new file at once: one creates, the other waits
        version = schema_version(conn)  # again, now that no one else can change it
        if version is None:
            SQLModel.metadata.create_all(conn)
            conn.execute(
                text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"),
                {"v": str(SCHEMA_VERSION)},
            )
            return SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise TafelError("db.too_new", found=version, supported=SCHEMA_VERSION)
        before = version
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
        conn.execute(
            text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
        )
        return before
