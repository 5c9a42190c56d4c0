"""The start screen's list of tables, read with the standard library's sqlite3 while SQLAlchemy loads.

Importing SQLAlchemy and SQLModel takes several tenths of a second; the moderator's first look
is at the list of tables. This reads that list from the default kind of database (a SQLite file)
read-only, with the same query and result as ``Store.list_tables``, and gives up (None) on
anything else: another database, no file yet, another schema version, a lock. The repository
remains the owner of the data; it reads the list again once it is open.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from tafel.domain.table import TableSummary

SCHEMA_VERSION = 4  # the database layout this code reads and writes (storage.db migrates up to it)

# Store.list_tables in SQL: tables not deleted, most recently changed first, with their counts.
LIST_QUERY = """
SELECT t.id, t.title, t.date, t.canvas, t.current_round, t.updated_at,
       (SELECT count(*) FROM participant p WHERE p.table_id = t.id),
       (SELECT count(*) FROM item i WHERE i.table_id = t.id)
FROM tafel_table t
WHERE t.deleted_at IS NULL
ORDER BY t.updated_at DESC
"""


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL (None for any other URL, in memory or with options)."""
    if not url.startswith("sqlite:///") or "?" in url or "%" in url:
        return None
    path = url.removeprefix("sqlite:///")
    return Path(path).expanduser() if path and path != ":memory:" else None


def read_start_list(url: str) -> list[TableSummary] | None:
    """The tables as ``Store.list_tables`` lists them, or None when this quick read cannot say."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        found = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if found is None or found[0] != str(SCHEMA_VERSION):
            return None  # a database to migrate first: the repository does that
        return [
            TableSummary(id=i, title=title, date=date, canvas=canvas, current_round=rnd, updated_at=updated,
                         participants=people, items=items)
            for i, title, date, canvas, rnd, updated, people, items in conn.execute(LIST_QUERY)
        ]
    except sqlite3.Error:  # locked, damaged, or not tafel's: the repository will say what is wrong
        return None
    finally:
        conn.close()
