"""``tafel merge`` to report.json reads files only: it loads no database stack, PDF library or UI.

Each of those costs a merge a noticeable part of its time (SQLAlchemy and SQLModel alone about
0.3 s), so the merge path imports them only when asked for (``--db``, a PDF, the TUI). Run as a
real process, as the organiser runs it, and what it loaded is read at its exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.merge.programme import install_canvases, write_programme

ROOT = Path(__file__).resolve().parents[2]
NOT_FOR_A_JSON_MERGE = {"sqlalchemy", "sqlmodel", "reportlab", "textual", "qrcode", "PIL", "docx", "weasyprint",
                        "starlette", "uvicorn", "psycopg"}

# The real entry point, then the top-level packages loaded, printed at exit.
RUN = """
import atexit, sys
atexit.register(lambda: print("LOADED", *sorted({m.split(".")[0] for m in sys.modules})))
atexit.register(lambda: print("COMMANDS", *sorted(m for m in sys.modules if m.startswith("tafel.cli."))))
from tafel.cli import main
main(sys.argv[1:])
"""


def _commands(done: subprocess.CompletedProcess[str]) -> set[str]:
    return next((set(line.split()[1:]) for line in done.stdout.splitlines() if line.startswith("COMMANDS")), set())


def _merge(tmp_path: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    home = tmp_path / "home"
    install_canvases(home)
    env = {**os.environ, "TAFEL_HOME": str(home), "TAFEL_LANG": "nl"}
    env.pop("TAFEL_DB", None)
    done = subprocess.run([sys.executable, "-c", RUN, "merge", *args], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=120)
    loaded = next((line.split()[1:] for line in done.stdout.splitlines() if line.startswith("LOADED")), [])
    return set(loaded), done


def test_merge_to_report_json_loads_no_database_pdf_or_ui(tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    loaded, done = _merge(tmp_path, "exports", "--json", "report.json")
    assert done.returncode == 0, done.stderr
    assert "15 tafels, 75 deelnemers" in done.stdout
    assert (tmp_path / "report.json").is_file()
    assert "tafel" in loaded and "simplemma" in loaded  # the run itself was seen
    assert not loaded & NOT_FOR_A_JSON_MERGE, sorted(loaded & NOT_FOR_A_JSON_MERGE)
    # Only the merge command's own module: not the share, sync, list or themes commands' (cli/app.py).
    assert _commands(done) == {"tafel.cli.app", "tafel.cli.click_language", "tafel.cli.merge"}, _commands(done)


def test_the_pdf_verslag_still_loads_reportlab(tmp_path: Path) -> None:
    """The other side: what the test above keeps out is loaded where it is needed."""
    write_programme(tmp_path / "exports")
    loaded, done = _merge(tmp_path, "exports", "--out", "verslag.pdf")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "verslag.pdf").read_bytes().startswith(b"%PDF")
    assert "reportlab" in loaded
    assert not loaded & {"sqlalchemy", "sqlmodel", "textual"}
