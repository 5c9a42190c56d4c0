"""A database file written by schema version 1 is upgraded in place, keeping everything."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tafel.domain.errors import TafelError
from tafel.storage.db import SCHEMA_VERSION
from tafel.storage.repository import Store

DATA = Path(__file__).parent / "data"
TABLE = "3f1c2b9e-7d4a-4c1e-9a51-0b6f2d8e4a10"


@pytest.fixture
def v1_file(tmp_path: Path) -> Path:
    target = tmp_path / "old.db"
    shutil.copy(DATA / "tafel-v1.sqlite", target)
    return target


def test_version_1_file_is_upgraded_in_place(v1_file: Path) -> None:
    store = Store.open(f"sqlite:///{v1_file}")
    table = store.get_table(TABLE)
    store.close()

    assert table.title == "Tafel Zwolle"
    assert [p.name for p in table.participants] == ["Anna", "Bert"]
    assert [i.kind for i in table.items] == ["value", "direction", "tension", "advice"]
    assert table.items[2].between == ["rechtmatigheid", "menselijke maat"]
    db = sqlite3.connect(v1_file)
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    columns = {row[1] for row in db.execute("PRAGMA table_info(tafel_table)")}
    assert {"share_token", "deleted_at", "source_exported_at", "export_path"} <= columns
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_upgraded_file_takes_new_edits(v1_file: Path) -> None:
    store = Store.open(f"sqlite:///{v1_file}")
    # The v1 direction became the first version of its history.
    assert [v.text for v in store.direction_versions(TABLE, "richting")] == ["Dichter bij de mensen werken."]
    store.save_direction(TABLE, "richting", "Dichter bij de mensen, met ruimte voor maatwerk.")
    store.add_item(TABLE, round="gesprek", kind="concept", text="leefwereld", zone="begrippen")
    token = store.share_token(TABLE)
    store.close()

    again = Store.open(f"sqlite:///{v1_file}")
    assert len(again.direction_versions(TABLE, "richting")) == 2
    assert again.get_table(TABLE).items[-1].zone == "begrippen"
    assert again.share_token(TABLE) == token


def test_opening_twice_migrates_once(v1_file: Path) -> None:
    Store.open(f"sqlite:///{v1_file}").close()
    Store.open(f"sqlite:///{v1_file}").close()
    db = sqlite3.connect(v1_file)
    assert db.execute("SELECT count(*) FROM direction_version").fetchone() == (1,)


def test_newer_database_is_refused_clearly(v1_file: Path) -> None:
    db = sqlite3.connect(v1_file)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(TafelError) as caught:
        Store.open(f"sqlite:///{v1_file}")
    assert caught.value.key == "db.too_new"


V2_TABLE = "4a2d3c0f-8e5b-4d2f-8b62-1c7f3e9f5b21"


@pytest.fixture
def v2_file(tmp_path: Path) -> Path:
    target = tmp_path / "v2.db"
    shutil.copy(DATA / "tafel-v2.sqlite", target)
    return target


def test_version_2_file_is_upgraded_to_3_keeping_everything(v2_file: Path) -> None:
    store = Store.open(f"sqlite:///{v2_file}")
    table = store.get_table(V2_TABLE)
    assert table.title == "Tafel Deventer" and table.tombstones == []
    assert [(p.name, p.consent, p.updated_at) for p in table.participants] == [
        ("Anna", True, None), ("Bert", False, None)  # no change time known before v3
    ]
    assert [i.zone for i in table.items] == [None, None, "spanningen", None]
    assert len(store.direction_versions(V2_TABLE, "richting")) == 2
    assert store.timer(V2_TABLE, "gesprek").elapsed == 125.5
    # A deletion now leaves a tombstone, in the same transaction, and the export carries it.
    gone = table.items[3]
    store.delete_item(gone.id)
    store.remove_participant(table.participants[1].id)
    stones = {(t.id, t.kind) for t in store.get_table(V2_TABLE).tombstones}
    assert stones == {(gone.id, "item"), (table.participants[1].id, "participant")}
    store.restore_item(V2_TABLE, gone)  # undo: no longer deleted, no tombstone
    assert {t.kind for t in store.get_table(V2_TABLE).tombstones} == {"participant"}
    store.close()
    db = sqlite3.connect(v2_file)
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert "updated_at" in {row[1] for row in db.execute("PRAGMA table_info(participant)")}
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_version_1_file_is_upgraded_through_2_to_3(v1_file: Path) -> None:
    Store.open(f"sqlite:///{v1_file}").close()
    db = sqlite3.connect(v1_file)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"tombstone", "direction_version", "round_timer"} <= tables


def _copy_to_postgresql(sqlite_file: Path, url: str) -> None:
    """The same old database on PostgreSQL: its (portable) DDL and its rows, as an old tafel made them."""
    from sqlalchemy import create_engine, text

    src = sqlite3.connect(sqlite_file)
    engine = create_engine(url)
    with engine.begin() as conn:
        for (sql,) in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"):
            conn.exec_driver_sql(sql)
        for (name,) in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"):
            cursor = src.execute(f"SELECT * FROM {name}")
            columns = [d[0] for d in cursor.description]
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(f":{c}" for c in columns)
            for row in cursor:
                values = dict(zip(columns, row, strict=True))
                if "consent" in values:
                    values["consent"] = bool(values["consent"])
                conn.execute(text(f"INSERT INTO {name} ({quoted}) VALUES ({marks})"), values)
    engine.dispose()


def test_version_1_on_postgresql_is_upgraded_to_the_current_version(v1_file: Path, pg_url: str) -> None:
    _copy_to_postgresql(v1_file, pg_url)
    store = Store.open(pg_url)
    table = store.get_table(TABLE)
    assert [p.name for p in table.participants] == ["Anna", "Bert"]
    assert [i.kind for i in table.items] == ["value", "direction", "tension", "advice"]
    assert table.items[2].between == ["rechtmatigheid", "menselijke maat"]
    assert len(store.direction_versions(TABLE, table.items[1].round)) == 1
    store.add_item(TABLE, round=table.items[0].round, kind="value", text="na de upgrade")
    store.remove_participant(table.participants[0].id)  # a tombstone (v3) on PostgreSQL
    store.close()
    again = Store.open(pg_url)  # opening twice migrates once
    assert [i.text for i in again.get_table(TABLE).items][-1] == "na de upgrade"
    with again.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).scalar() == str(SCHEMA_VERSION)
    again.close()
