"""The start screen's quick read of the table list (stdlib sqlite3) gives what the repository lists,
and steps aside (None) wherever it cannot be sure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.storage.start_list import read_start_list
from tests.factories import fill_table


def test_the_same_list_as_the_repository(tmp_path: Path, library: Library) -> None:
    url = f"sqlite:///{tmp_path / 'tafel.db'}"
    store = Store.open(url)
    fill_table(store, library, title="Tafel Utrecht", participants=5, notes=12)
    fill_table(store, library, title="Tafel Zwolle", participants=3, notes=4, date="2023-06-15")
    gone = fill_table(store, library, title="Weggegooid", participants=1, notes=1)
    store.delete_table(gone)
    empty = store.create_table(title="Nog leeg", canvas="sturingsfilosofie", date="2023-07-01")
    store.set_current_round(empty, "waarden")
    try:
        expected = store.list_tables()
        found = read_start_list(url)
    finally:
        store.close()
    assert found == expected
    assert [s.title for s in found] == ["Nog leeg", "Tafel Zwolle", "Tafel Utrecht"]
    assert {s.title: (s.participants, s.items > 0) for s in found}["Tafel Zwolle"] == (3, True)


def test_steps_aside_where_it_cannot_be_sure(tmp_path: Path) -> None:
    assert read_start_list("sqlite://") is None  # in memory
    assert read_start_list("postgresql+psycopg://tafel@localhost/tafel") is None
    assert read_start_list(f"sqlite:///{tmp_path / 'nog-niet.db'}") is None  # the first start makes it
    assert not (tmp_path / "nog-niet.db").exists()  # and the quick read made nothing
    old = tmp_path / "oud.db"
    Store.open(f"sqlite:///{old}").close()
    with sqlite3.connect(old) as db:
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    assert read_start_list(f"sqlite:///{old}") is None  # to be migrated by the repository first
    (tmp_path / "kapot.db").write_bytes(b"geen database" * 100)
    assert read_start_list(f"sqlite:///{tmp_path / 'kapot.db'}") is None
