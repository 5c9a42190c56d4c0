"""An unexpected error in the real TUI: its traceback in a log file, one line on the terminal, exit code 1.

A test-only subclass of the app raises once it runs; it is put in place of the real one in a
child process that starts ``tafel`` as the command does (``tafel.cli.main`` with no arguments).
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.terminal import Terminal

CRASHING = """
from pathlib import Path

from tafel.ui import app as app_module

class Crashing(app_module.TafelApp):
    CSS_PATH = str(Path(app_module.__file__).with_name("tafel.tcss"))  # not beside this script

    def on_mount(self) -> None:
        super().on_mount()
        self.set_timer(0.5, self.crash)

    def crash(self) -> None:
        raise RuntimeError("an unexpected error, made by the test")

app_module.TafelApp = Crashing
from tafel.cli import main
main([])
"""


def test_an_unexpected_error_is_logged_and_named_in_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    script = tmp_path / "crashing.py"  # a file: Textual looks for an app's CSS beside its source
    script.write_text(CRASHING, "utf-8")
    term = Terminal([str(script)], home, tmp_path / "tafel.db")
    try:
        code = term.wait(60)
    finally:
        term.close()
    shown = term.text()
    assert code == 1, shown[-2000:]
    (log,) = (home / "logs").glob("crash-*.log")
    written = log.read_text("utf-8")
    assert "Traceback" in written and "RuntimeError: an unexpected error, made by the test" in written
    assert "context: tui, screen StartScreen" in written
    # On the terminal: one line naming the file, and no traceback.
    line = f"tafel is onverwacht gestopt. Wat er gebeurde staat in {log}"
    assert line in shown.replace("\r", ""), shown[-2000:]
    lines = [x for x in shown.replace("\r", "\n").split("\n") if "onverwacht gestopt" in x]
    assert len(lines) == 1
    assert "Traceback" not in shown and "RuntimeError" not in shown
