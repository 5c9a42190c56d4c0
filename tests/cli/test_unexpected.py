"""Issue 9: a damaged database, a bug, Ctrl-C, an export over a device — one line each, no traceback.

Bugs (exceptions tafel did not turn into a message) exit 1 with one line naming a log file in the data
folder that holds the traceback; bad input (a damaged database) exits 2; Ctrl-C exits 130.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from tafel.domain.exchange import table_to_export
from tafel.domain.table import Item
from tafel.services.exchange import import_documents
from tafel.storage.repository import Store
from tests.merge.programme import install_canvases, programme_tables, write_programme
from tests.process import run_tafel


def _fill(home: Path, tables: int = 15, extra_items: int = 200) -> list[str]:
    """A real database file with many items, closed (its write-ahead log folded in)."""
    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(f"sqlite:///{home / 'tafel.db'}")
    ids = []
    for table in programme_tables()[:tables]:
        table.items += [Item(str(uuid.uuid4()), "advies", "advice", "lange tekst " * 50, rank=3 + i)
                        for i in range(extra_items)]
        doc = table_to_export(table, exported_at="2023-07-03T12:00:00Z", generator="test")
        import_documents(store, [(home / f"{table.id}.json", doc)])
        ids.append(table.id)
    store.close()
    return ids


def _damage(db: Path) -> None:
    """Overwrite bytes inside every third page past the first few: the pages of the tables' rows."""
    size = db.stat().st_size
    with db.open("r+b") as fh:
        for offset in range(4096 * 5, size - 4096 * 5, 4096 * 3):
            fh.seek(offset + 100)
            fh.write(b"\xde\xad\xbe\xef" * 200)


def test_a_damaged_database_is_one_line(tafel_home: Path, tmp_path: Path) -> None:
    ids = _fill(tafel_home)
    assert not (tafel_home / "tafel.db-wal").exists() or (tafel_home / "tafel.db-wal").stat().st_size == 0
    _damage(tafel_home / "tafel.db")
    for args in (("list",), ("export", ids[0][:8])):
        ran = run_tafel(*args, cwd=tmp_path, home=tafel_home)
        assert ran.code == 2, (args, ran.err)
        assert "Traceback" not in ran.err and len(ran.lines) == 1
        assert ran.lines[0].startswith(f"De database {tafel_home / 'tafel.db'} is beschadigd (")
        assert not (tmp_path / "exports").exists()


def test_export_never_replaces_a_device(tafel_home: Path, tmp_path: Path) -> None:
    install_canvases(tafel_home)
    imported = run_tafel("import", write_programme(tmp_path / "in")[0], cwd=tmp_path, home=tafel_home)
    assert imported.code == 0, imported.err
    table = imported.out.split("(")[-1].split(")")[0]
    device = tmp_path / "full"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root")
    (tmp_path / "uit").mkdir()
    (tmp_path / "uit" / "table.json").symlink_to(device)
    ran = run_tafel("export", table, "--out", "uit", cwd=tmp_path, home=tafel_home)
    assert ran.code == 2 and "Traceback" not in ran.err and len(ran.lines) == 1
    assert ran.lines[0] == ("Schrijven is mislukt: uit/table.json: geen gewoon bestand maar een apparaat (device). "
                            "Er is geen half bestand achtergebleven.")
    assert stat.S_ISCHR(os.lstat(device).st_mode) and (tmp_path / "uit" / "table.json").is_symlink()
    assert [p.name for p in (tmp_path / "uit").iterdir()] == ["table.json"]  # none of the other files


def _run_with(failure: str, tafel_home: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``tafel ARGS`` in a real process whose merge service raises ``failure`` (a stand-in for a bug)."""
    script = textwrap.dedent(f"""
        import sys
        import tafel.services.merge as merge

        def broken(*args, **kwargs):
            raise {failure}

        merge.merge = broken
        from tafel.cli import main
        main(sys.argv[1:])
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAFEL_")}
    env["TAFEL_HOME"] = str(tafel_home)
    return subprocess.run([sys.executable, "-c", script, *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def test_a_bug_goes_to_a_log_file_and_the_screen_gets_one_line(tafel_home: Path, tmp_path: Path) -> None:
    install_canvases(tafel_home)
    write_programme(tmp_path / "exports")
    done = _run_with('ValueError("kapot\\ntweede regel")', tafel_home, tmp_path, "merge", "exports")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    logs = list((tafel_home / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert lines[0].startswith("tafel liep vast op een onverwachte fout (ValueError: kapot).")
    assert str(logs[0]) in lines[0]
    text = logs[0].read_text("utf-8")
    assert "Traceback (most recent call last)" in text and "ValueError: kapot" in text
    assert "context: cli: tafel merge exports" in text
    assert not (tmp_path / "verslag.pdf").exists() and not (tmp_path / "report.json").exists()


def test_a_bug_when_the_log_cannot_be_written_still_is_one_line(tafel_home: Path, tmp_path: Path) -> None:
    install_canvases(tafel_home)
    write_programme(tmp_path / "exports")
    (tafel_home / "logs").write_text("een bestand waar de map hoort", "utf-8")
    done = _run_with("KeyError('x')", tafel_home, tmp_path, "merge", "exports")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "tafel liep vast op een onverwachte fout (KeyError: 'x'). Dit is een fout in tafel; "
        "het logbestand kon niet worden geschreven."
    ]


def test_ctrl_c_exits_130_with_one_line(tafel_home: Path, tmp_path: Path) -> None:
    install_canvases(tafel_home)
    write_programme(tmp_path / "exports")
    done = _run_with("KeyboardInterrupt", tafel_home, tmp_path, "merge", "exports")
    assert done.returncode == 130
    assert done.stderr.strip().splitlines() == ["Afgebroken (Ctrl-C)."]
    assert not (tafel_home / "logs").exists()


def test_usage_errors_help_and_version_keep_their_exit_codes(tafel_home: Path, tmp_path: Path) -> None:
    assert run_tafel("--version", cwd=tmp_path, home=tafel_home).code == 0
    assert run_tafel("merge", "--help", cwd=tmp_path, home=tafel_home).code == 0
    wrong = run_tafel("nope", cwd=tmp_path, home=tafel_home)
    assert wrong.code == 2 and "Onbekende opdracht 'nope'" in wrong.err and "Traceback" not in wrong.err
