"""A password in a database URL never appears on screen, in crash logs or in files tafel writes."""

from __future__ import annotations

from pathlib import Path

from tafel.crashlog import write_crash_log
from tafel.redact import redact, safe_url
from tafel.storage.repository import Store
from tests.pg import PgServer, free_port
from tests.sync.test_sync import Laptop

SECRET = "Zeer-Geheim-7"


def test_redact_hides_passwords_of_urls_and_keywords() -> None:
    assert redact(f"postgresql+psycopg://laptop:{SECRET}@db.example.org:5432/p") == (
        "postgresql+psycopg://laptop:***@db.example.org:5432/p")
    assert redact(f"host=db password={SECRET} user=x") == "host=db password=*** user=x"
    assert SECRET not in safe_url(f"postgresql+psycopg://laptop:{SECRET}@db/p")
    assert redact("sqlite:////home/a@b/tafel.db") == "sqlite:////home/a@b/tafel.db"


def test_a_crash_log_never_holds_the_password(tmp_path: Path, monkeypatch: object) -> None:
    import sys

    monkeypatch.setattr(sys, "argv", ["tafel", "sync", "--to", f"postgresql://u:{SECRET}@h/p"])  # type: ignore[attr-defined]
    try:
        raise RuntimeError(f"could not use postgresql+psycopg://u:{SECRET}@h/p")
    except RuntimeError as exc:
        log = write_crash_log(exc, home=tmp_path, context=f"cli: tafel sync --to postgresql://u:{SECRET}@h/p")
    assert log is not None
    text = log.read_text("utf-8")
    assert SECRET not in text and "u:***@h/p" in text


def test_an_unreachable_programme_database_as_tafel_db_is_one_line_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://organiser:{SECRET}@127.0.0.1:{free_port()}/programma"
    laptop = Laptop(tmp_path, "a")
    for args in (("--db", url, "list"), ("list", "--db", url), ("merge", "--db", url), ("sync", "--to", url),
                 ("sync", "--conflicts", "--to", url)):
        ran = laptop.tafel(*args)
        assert ran.code == 2, (args, ran.err)
        assert len(ran.lines) == 1, (args, ran.err)
        assert SECRET not in ran.out + ran.err, args
        assert "organiser:***@" in ran.err, (args, ran.err)
    assert not list(laptop.home.rglob("crash-*.log"))


def test_a_password_in_the_configured_address_is_pointed_out_never_shown(tmp_path: Path) -> None:
    # It works, but settings.toml (or the environment) shows it to anyone: one line says where it belongs.
    url = f"postgresql+psycopg://organiser:{SECRET}@127.0.0.1:{free_port()}/programma"
    laptop = Laptop(tmp_path, "a")
    ran = laptop.tafel("sync", TAFEL_SYNC_URL=url)
    assert ran.code == 2, ran.err  # nobody listens there
    assert "het adres in settings.toml of TAFEL_SYNC_URL bevat het wachtwoord" in ran.err
    assert "tafel sync --to URL" in ran.err
    assert SECRET not in ran.out + ran.err
    quiet = laptop.tafel("sync", TAFEL_SYNC_URL=url.replace(f":{SECRET}", ""))
    assert "wachtwoord" not in quiet.err, quiet.err


def test_the_remembered_address_is_not_shown_and_not_exported(tmp_path: Path, pg_server: PgServer) -> None:
    database = pg_server.new_database()
    pg_server.psql(f"DO $$ BEGIN CREATE ROLE laptop_ok LOGIN PASSWORD '{SECRET}'; "
                   "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    pg_server.psql(f"GRANT ALL ON DATABASE {database} TO laptop_ok")
    pg_server.psql("GRANT ALL ON SCHEMA public TO laptop_ok", database=database)
    url = pg_server.url(database, user="laptop_ok", password=SECRET, tcp=True)
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    table_id = store.create_table(title="Tafel", canvas="sturingsfilosofie")
    store.close()
    ran = laptop.tafel("sync", "--to", url)
    assert ran.code == 0, ran.err
    assert SECRET not in ran.out + ran.err and "laptop_ok:***@" in ran.out
    exported = laptop.tafel("export", table_id, "--out", tmp_path / "out")
    assert exported.code == 0, exported.err
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


LAPTOP_ROLE = """
CREATE ROLE {role} LOGIN PASSWORD '{password}';
GRANT CONNECT ON DATABASE {database} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
REVOKE INSERT, UPDATE, DELETE ON meta FROM {role};
"""


def test_the_readme_role_for_laptops_writes_tables_but_cannot_change_the_schema(
    tmp_path: Path, pg_server: PgServer
) -> None:
    import psycopg
    import pytest

    from tafel.storage.repository import Store

    database = pg_server.new_database()
    empty = laptop_url = pg_server.url(database, user=f"laptop_{database}", password=SECRET, tcp=True)
    pg_server.psql(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC; CREATE ROLE laptop_{database} LOGIN PASSWORD "
                   f"'{SECRET}'; GRANT CONNECT ON DATABASE {database} TO laptop_{database}", database=database)
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    store.create_table(title="Tafel", canvas="sturingsfilosofie")
    store.close()
    refused = laptop.tafel("sync", "--to", empty)  # no schema yet, and the laptop may not make it
    assert refused.code == 2 and len(refused.lines) == 1 and "staat dit niet toe" in refused.err
    assert SECRET not in refused.err

    Store.open(pg_server.url(database)).close()  # the organiser (the owner) makes the schema
    role = f"laptop2_{database}"
    pg_server.psql(LAPTOP_ROLE.format(role=role, password=SECRET, database=database), database=database)
    laptop_url = pg_server.url(database, user=role, password=SECRET, tcp=True)
    ran = laptop.tafel("sync", "--to", laptop_url)
    assert ran.code == 0, ran.err
    with psycopg.connect(host="127.0.0.1", port=pg_server.port, user=role, password=SECRET, dbname=database) as conn:
        assert conn.execute("SELECT count(*) FROM tafel_table").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE x (id int)")


def _laptop_role(pg_server: PgServer, database: str, role: str) -> None:
    Store.open(pg_server.url(database)).close()  # the organiser makes the schema
    pg_server.psql(LAPTOP_ROLE.format(role=role, password=SECRET, database=database), database=database)


def test_the_password_of_sync_to_is_only_in_the_0600_password_file_and_sync_still_connects(
    tmp_path: Path, pg_server: PgServer
) -> None:
    import stat

    from tests.sync.test_sync import rows

    database = pg_server.new_database()
    role = f"laptop3_{database}"
    _laptop_role(pg_server, database, role)
    url = pg_server.url(database, user=role, password=SECRET, tcp=True)
    bare = pg_server.url(database, user=role, tcp=True)
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    table_id = store.create_table(title="Tafel", canvas="sturingsfilosofie")
    store.close()
    no_password = {"PGPASSWORD": "", "PGPASSFILE": str(tmp_path / "none")}  # only tafel's own file counts
    ran = laptop.tafel("sync", "--to", url, **no_password)
    assert ran.code == 0, ran.err
    assert SECRET not in ran.out + ran.err

    password_file = laptop.home / "pgpass"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert SECRET in password_file.read_text("utf-8")
    # Nowhere else in tafel's folder: not in the database's bytes (nor its WAL), settings or logs.
    for path in laptop.home.rglob("*"):
        if path.is_file() and path != password_file:
            assert SECRET.encode() not in path.read_bytes(), path

    # The remembered address (without the password) still connects: the sync, list --db, a change sent.
    store = laptop.store()
    store.update_table(table_id, title="Tafel Nieuw")
    store.close()
    again = laptop.tafel("sync", **no_password)
    assert again.code == 0 and "1 tafel(s) bijgewerkt" in again.out, again.err
    assert rows(pg_server.url(database), "SELECT title FROM tafel_table") == [("Tafel Nieuw",)]
    listed = laptop.tafel("list", "--db", bare, **no_password)
    assert listed.code == 0 and "Tafel Nieuw" in listed.out, listed.err
    for path in laptop.home.rglob("*"):
        if path.is_file() and path != password_file:
            assert SECRET.encode() not in path.read_bytes(), path

    # Without the file the address alone does not get in (the password really came from it).
    forgotten = laptop.tafel("sync", "--forget")
    assert forgotten.code == 0 and not password_file.exists()
    refused = laptop.tafel("list", "--db", bare, **no_password)
    assert refused.code == 2 and len(refused.lines) == 1


def test_an_address_saved_with_its_password_by_an_older_tafel_moves_to_the_password_file(
    tmp_path: Path, pg_server: PgServer
) -> None:
    from tafel.storage import sync as sql

    database = pg_server.new_database()
    role = f"laptop4_{database}"
    _laptop_role(pg_server, database, role)
    laptop = Laptop(tmp_path, "a")
    store = laptop.store()
    store.create_table(title="Tafel", canvas="sturingsfilosofie")
    sql.set_meta(store.engine, "sync.url", pg_server.url(database, user=role, password=SECRET, tcp=True))
    store.close()
    ran = laptop.tafel("sync", PGPASSWORD="", PGPASSFILE=str(tmp_path / "none"))
    assert ran.code == 0, ran.err
    store = laptop.store()
    saved = sql.meta(store.engine, "sync.url")
    store.close()
    assert saved is not None and SECRET not in saved and role in saved
    assert SECRET in (laptop.home / "pgpass").read_text("utf-8")
    # Gone from the database's bytes too: not left behind in a freed page or in the WAL.
    for path in laptop.home.rglob("*"):
        if path.is_file() and path.name != "pgpass":
            assert SECRET.encode() not in path.read_bytes(), path


def test_the_password_file_is_libpqs_format_with_its_escapes(tmp_path: Path) -> None:
    from tafel.services import pgpass

    url = "postgresql+psycopg://laptop:p%3Ass%5Cw0rd@db.example.org:5433/programma"
    assert pgpass.save(url, tmp_path) == "postgresql+psycopg://laptop@db.example.org:5433/programma"
    assert (tmp_path / "pgpass").read_text("utf-8") == "db.example.org:5433:programma:laptop:p\\:ss\\\\w0rd\n"
    bare = "postgresql+psycopg://laptop@db.example.org:5433/programma"
    assert pgpass.connect_args(bare, tmp_path) == {"passfile": str(tmp_path / "pgpass")}
    assert pgpass.connect_args(bare.replace("5433", "5432"), tmp_path) == {}  # another address: libpq's own
    pgpass.save(url.replace("programma", "ander"), tmp_path)
    pgpass.save(url.replace("p%3Ass", "nieuw"), tmp_path)  # the same address: replaced, not added
    assert (tmp_path / "pgpass").read_text("utf-8").count("\n") == 2
    pgpass.forget(bare, tmp_path)
    assert (tmp_path / "pgpass").read_text("utf-8") == "db.example.org:5433:ander:laptop:p\\:ss\\\\w0rd\n"
