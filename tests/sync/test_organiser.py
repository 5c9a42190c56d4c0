"""The organiser reports from the programme database: ``tafel merge --db`` gives the report that
merging the exports gives; ``tafel list --db`` shows each table with its laptop and last sync."""

from __future__ import annotations

import json
from pathlib import Path

from tests.merge.programme import PROGRAMME, write_programme
from tests.pg import PgServer
from tests.process import ctrl_c_heard, stop
from tests.sync.test_sync import Laptop


def _without_sources(path: Path) -> dict[str, object]:
    """The report apart from where each table was read (a file, or the database and the table's id)."""
    report = json.loads(path.read_text("utf-8"))
    report.pop("sources")
    for entry in report["table_list"]:
        entry.pop("file")
    return dict(report)


def test_merge_from_the_database_gives_the_report_of_the_exports(tmp_path: Path, pg_server: PgServer) -> None:
    url = pg_server.url(pg_server.new_database())
    files = sorted(write_programme(tmp_path / "exports"))
    assert len(files) == 15
    laptops = [Laptop(tmp_path, f"laptop-{n}") for n in range(3)]
    for n, laptop in enumerate(laptops):
        imported = laptop.tafel("import", *files[n::3])
        assert imported.code == 0, imported.err
        synced = laptop.tafel("sync", "--to", url)
        assert synced.code == 0, synced.err

    organiser = Laptop(tmp_path, "organiser")
    from_files = organiser.tafel("merge", tmp_path / "exports", "--json", tmp_path / "files.json")
    assert from_files.code == 0, from_files.err
    from_db = organiser.tafel("merge", "--db", url, "--json", tmp_path / "db.json")
    assert from_db.code == 0, from_db.err
    assert _without_sources(tmp_path / "db.json") == _without_sources(tmp_path / "files.json")
    assert from_db.out == from_files.out.replace(str(tmp_path / "files.json"), str(tmp_path / "db.json"))

    only = organiser.tafel("merge", "--db", url, "--programme", PROGRAMME, "--json", tmp_path / "p.json")
    assert only.code == 0, only.err
    assert len(json.loads((tmp_path / "p.json").read_text("utf-8"))["table_list"]) == 15
    none = organiser.tafel("merge", "--db", url, "--programme", "Een ander programma", "--json", tmp_path / "x.json")
    assert none.code == 2 and len(none.lines) == 1

    listed = organiser.tafel("list", "--db", url)
    assert listed.code == 0, listed.err
    rows = listed.out.strip().splitlines()
    assert "laptop" in rows[0] and "gesynchroniseerd" in rows[0]
    assert len(rows) == 16
    assert sum("laptop-1" in r for r in rows[1:]) == 5


def test_merge_needs_exports_or_a_database(tmp_path: Path) -> None:
    ran = Laptop(tmp_path, "organiser").tafel("merge")
    assert ran.code == 2 and len(ran.lines) == 1


def test_share_serves_a_table_of_the_programme_database(tmp_path: Path, pg_url: str) -> None:
    import os
    import signal
    import subprocess
    import sys

    from tafel.storage.repository import Store
    from tests.cli.test_exchange import make_table
    from tests.share.raw_http import request

    laptop = Laptop(tmp_path, "laptop")
    store = laptop.store()
    table_id = make_table(store)
    store.close()
    # The moderator exported at the table (its QR code names the page's slug), then synced.
    assert laptop.tafel("export", table_id, "--out", tmp_path / "laptop-pages").code == 0
    store = laptop.store()
    token = store.share_token(table_id)
    store.close()
    assert laptop.tafel("sync", "--to", pg_url).code == 0
    venue = Laptop(tmp_path, "venue")
    exported = venue.tafel("--db", pg_url, "export", table_id, "--out", tmp_path / "venue-pages")
    assert exported.code == 0, exported.err
    programme = Store.open(pg_url)
    assert programme.share_token(table_id) == token  # the same address as the laptop's QR code
    programme.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAFEL_")}
    env.update(TAFEL_HOME=str(venue.home), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "tafel", "share", "--db", pg_url, "--host", "127.0.0.1",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=ctrl_c_heard)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        port = int(first.split(" op ", 1)[1].strip().rstrip("/").rsplit(":", 1)[1])
        reply = request(port, f"/{token}/".encode())
        assert reply.status == 200 and b"Tafel Utrecht" in reply.body
    finally:
        stop(proc, signal.SIGINT)
    assert proc.returncode == 0
