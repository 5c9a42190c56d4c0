"""Venue mode (issue 14): laptops send their tables to a real PostgreSQL with ``tafel sync`` (in this
process, each laptop its own data folder; a real process where one is killed); what a user sees is
the command's output and the programme database's rows."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tafel.storage.repository import Store
from tests.cli.test_exchange import make_table
from tests.pg import PgServer, free_port
from tests.process import Ran, run_tafel_here


class Laptop:
    """One laptop: its own data folder (its own SQLite), running the real ``tafel``."""

    def __init__(self, root: Path, name: str) -> None:
        self.name, self.home = name, root / name
        self.home.mkdir(parents=True, exist_ok=True)
        self.url = f"sqlite:///{self.home / 'tafel.db'}"

    def store(self) -> Store:
        return Store.open(self.url)

    def tafel(self, *args: str | Path, **env: str) -> Ran:
        return run_tafel_here(*args, cwd=self.home, home=self.home, TAFEL_LAPTOP=self.name, **env)


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_a_laptops_tables_reach_postgresql_and_sending_again_changes_nothing(tmp_path: Path, pg_url: str) -> None:
    laptop = Laptop(tmp_path, "laptop-zaal-1")
    with_store = laptop.store()
    table_id = make_table(with_store)
    with_store.close()

    first = laptop.tafel("sync", "--to", pg_url)
    assert first.code == 0, first.err
    assert "1 tafel(s) bijgewerkt" in first.out
    assert rows(pg_url, "SELECT id, title FROM tafel_table") == [(table_id, "Tafel Utrecht")]
    assert rows(pg_url, "SELECT count(*) FROM item") == [(7,)]
    # Names leave the laptop only with consent, as in an export.
    assert sorted(rows(pg_url, "SELECT name FROM participant"), key=str) == [("Anna de Boer",), (None,)]
    assert rows(pg_url, "SELECT table_id, laptop FROM sync_source") == [(table_id, "laptop-zaal-1")]

    again = laptop.tafel("sync")  # the address was remembered
    assert again.code == 0 and "Alles was al gesynchroniseerd" in again.out

    store = laptop.store()
    advice = store.get_table(table_id).items_of(kind="advice")[0]
    store.update_item(advice.id, text="Begin bij de mensen, niet bij de regels.")
    store.close()
    third = laptop.tafel("sync")
    assert third.code == 0 and "1 tafel(s) bijgewerkt" in third.out
    new_text = "Begin bij de mensen, niet bij de regels."
    assert rows(pg_url, f"SELECT text FROM item WHERE id = '{advice.id}'") == [(new_text,)]
    assert rows(pg_url, "SELECT count(*) FROM item") == [(7,)]


def test_a_deletion_on_the_laptop_reaches_postgresql(tmp_path: Path, pg_url: str) -> None:
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    table_id = make_table(store)
    assert laptop.tafel("sync", "--to", pg_url).code == 0
    gone = store.get_table(table_id).items_of(kind="advice")[1]
    store.delete_item(gone.id)
    store.close()
    assert laptop.tafel("sync").code == 0
    assert rows(pg_url, f"SELECT count(*) FROM item WHERE id = '{gone.id}'") == [(0,)]
    assert rows(pg_url, f"SELECT kind FROM tombstone WHERE id = '{gone.id}'") == [("item",)]


def test_no_address_is_one_line(tmp_path: Path) -> None:
    ran = Laptop(tmp_path, "a").tafel("sync")
    assert ran.code == 2 and len(ran.lines) == 1 and "tafel sync --to" in ran.err


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path: Path) -> None:
    port = free_port()
    url = f"postgresql+psycopg://laptop:Geheim-123@127.0.0.1:{port}/programma"
    ran = Laptop(tmp_path, "a").tafel("sync", "--to", url, TAFEL_LANG="en")
    assert ran.code == 2, ran.err
    assert ran.lines == [
        f"No connection to the programme database postgresql+psycopg://laptop:***@127.0.0.1:{port}/programma;"
        " everything is on this laptop and goes along once it can be reached again."
    ]
    assert "Geheim-123" not in ran.out + ran.err


def test_a_wrong_password_is_one_line_without_the_password(tmp_path: Path, pg_server: PgServer) -> None:
    database = pg_server.new_database()
    pg_server.psql("DO $$ BEGIN CREATE ROLE laptop_wrong LOGIN PASSWORD 'juist'; "
                   "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    url = pg_server.url(database, user="laptop_wrong", password="fout-Wachtwoord", tcp=True)
    ran = Laptop(tmp_path, "a").tafel("sync", "--to", url)
    assert ran.code == 2
    assert len(ran.lines) == 1 and "weigert de gebruiker of het wachtwoord" in ran.err
    assert "fout-Wachtwoord" not in ran.out + ran.err
    assert not list((tmp_path / "a").rglob("crash-*.log"))


def test_a_schema_too_new_is_one_line(tmp_path: Path, pg_url: str) -> None:
    Store.open(pg_url).close()
    rows(pg_url, "SELECT 1")
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    engine.dispose()
    ran = Laptop(tmp_path, "a").tafel("sync", "--to", pg_url)
    assert ran.code == 2 and len(ran.lines) == 1 and "nieuwere tafel" in ran.err


def _two_laptops_one_table(tmp_path: Path, pg_url: str) -> tuple[Laptop, Laptop, str, str]:
    """A moderator (A) and an assistant (B) with the same table: B imported A's export."""
    a, b = Laptop(tmp_path, "moderator"), Laptop(tmp_path, "assistent")
    store = a.store()
    table_id = make_table(store)
    store.close()
    exported = a.tafel("export", table_id, "--out", tmp_path / "out")
    assert exported.code == 0, exported.err
    assert b.tafel("import", tmp_path / "out" / "table.json").code == 0
    for laptop in (a, b):
        ran = laptop.tafel("sync", "--to", pg_url)
        assert ran.code == 0, ran.err
    note = a.store().get_table(table_id).items_of(kind="advice")[0].id
    return a, b, table_id, note


@pytest.mark.parametrize("newest_syncs_first", [False, True])
def test_two_laptops_one_item_the_newest_change_wins_and_the_other_is_listed(
    tmp_path: Path, pg_url: str, newest_syncs_first: bool
) -> None:
    a, b, table_id, note = _two_laptops_one_table(tmp_path, pg_url)
    assert rows(pg_url, "SELECT count(*) FROM sync_conflict") == [(0,)]  # the same table twice: no conflict
    store_a, store_b = a.store(), b.store()
    store_a.update_item(note, text="Versie van de moderator")
    time.sleep(0.01)
    store_b.update_item(note, text="Versie van de assistent")  # later: wins
    other_a = store_a.add_item(table_id, round="advies", kind="advice", text="Alleen op A")
    store_a.close()
    store_b.close()
    order = (b, a) if newest_syncs_first else (a, b)
    for laptop in order:
        ran = laptop.tafel("sync")
        assert ran.code == 0, ran.err
    assert rows(pg_url, f"SELECT text FROM item WHERE id = '{note}'") == [("Versie van de assistent",)]
    assert rows(pg_url, f"SELECT text FROM item WHERE id = '{other_a.id}'") == [("Alleen op A",)]
    listed = a.tafel("sync", "--conflicts")
    assert listed.code == 0, listed.err
    lines = listed.out.strip().splitlines()
    assert len(lines) == 1, listed.out
    assert "Tafel Utrecht" in lines[0] and "van moderator" in lines[0] and "verloor van assistent" in lines[0]
    assert "Versie van de moderator" in lines[0]
    # Sending both again changes nothing and lists nothing twice.
    assert a.tafel("sync").code == 0 and b.tafel("sync").code == 0
    assert len(a.tafel("sync", "--conflicts").out.strip().splitlines()) == 1


def test_a_laptop_killed_in_the_middle_of_a_sync_completes_next_time_and_nothing_is_doubled(
    tmp_path: Path, pg_url: str
) -> None:
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    ids = []
    for n in range(40):
        t = store.create_table(title=f"Tafel {n}", canvas="sturingsfilosofie", date="2023-06-12")
        for m in range(25):
            store.add_item(t, round="advies", kind="advice", text=f"advies {n}.{m}")
        ids.append(t)
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAFEL_")}
    env.update(TAFEL_HOME=str(laptop.home), TAFEL_LAPTOP="a")
    rng = random.Random(14)
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "tafel", "sync", "--to", pg_url], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.6, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = laptop.tafel("sync", "--to", pg_url)
    assert done.code == 0, done.err
    assert rows(pg_url, "SELECT count(*), count(DISTINCT id) FROM tafel_table") == [(40, 40)]
    assert rows(pg_url, "SELECT count(*), count(DISTINCT text) FROM item") == [(1000, 1000)]
    assert laptop.tafel("sync").out.startswith("Alles was al")


def test_a_table_deleted_on_the_laptop_leaves_the_verslag_and_comes_back_when_restored(
    tmp_path: Path, pg_url: str
) -> None:
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    kept = make_table(store)
    gone = store.create_table(title="Proeftafel", canvas="sturingsfilosofie", date="2023-06-12")
    store.add_item(gone, round="advies", kind="advice", text="proef")
    assert laptop.tafel("sync", "--to", pg_url).code == 0
    store.delete_table(gone)
    assert laptop.tafel("sync").code == 0
    listed = laptop.tafel("list", "--db", pg_url)
    assert "Tafel Utrecht" in listed.out and "Proeftafel" not in listed.out
    store.restore_table(gone)
    store.close()
    assert laptop.tafel("sync").code == 0
    assert "Proeftafel" in laptop.tafel("list", "--db", pg_url).out
    assert laptop.tafel("sync").out.startswith("Alles was al")
    assert kept


def test_the_background_sync_runs_in_a_process_of_its_own_below_the_moderators_priority(
    tmp_path: Path, pg_server: PgServer
) -> None:
    """Its CPU work (reading a table whole, the export and its check, the merge) never holds the
    moderator's interpreter lock; the password is not on its command line; it ends with the sync."""
    from tafel.services.sync_background import Syncer, wait_until

    database = pg_server.new_database()
    Store.open(pg_server.url(database)).close()
    pg_server.psql(f"DO $$ BEGIN CREATE ROLE proc_laptop LOGIN PASSWORD 'Geheim-9'; "
                   f"EXCEPTION WHEN duplicate_object THEN NULL; END $$; GRANT ALL ON DATABASE {database} "
                   "TO proc_laptop", database=database)
    pg_server.psql("GRANT ALL ON ALL TABLES IN SCHEMA public TO proc_laptop", database=database)
    url = pg_server.url(database, user="proc_laptop", password="Geheim-9", tcp=True)
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    table_id = store.create_table(title="Tafel Apart", canvas="sturingsfilosofie")
    syncer = Syncer(laptop.url, url, None).start()
    try:
        # Ceilings, not speeds: a niced process's start takes long on a loaded machine.
        assert wait_until(lambda: syncer.status.state == "synced", 60), syncer.status
        child = syncer._child
        assert child is not None and child.pid != os.getpid()
        assert os.getpriority(os.PRIO_PROCESS, child.pid) >= 10
        assert b"Geheim-9" not in Path(f"/proc/{child.pid}/cmdline").read_bytes()
        store.add_item(table_id, round="advies", kind="advice", text="Via het aparte proces")
        syncer.poke()
        assert wait_until(lambda: rows(pg_server.url(database), "SELECT text FROM item") ==
                          [("Via het aparte proces",)], 60)
    finally:
        syncer.stop()
        store.close()
    assert child.poll() is not None  # ended with the sync
