"""The moderator's terminal UI (Textual). Imported lazily: the CLI and services never need it."""

from __future__ import annotations

import sys
from pathlib import Path


def run(db: str | None = None, lang: str | None = None, canvas: Path | None = None) -> None:
    """Run the TUI. An unexpected error: its traceback in a log file (``tafel.crashlog``), one line
    naming that file on the terminal, and the process exits with a non-zero code."""
    from tafel.crashlog import write_crash_log
    from tafel.i18n import t

    try:
        from tafel.ui.app import TafelApp

        app = TafelApp.from_settings(db=db, lang=lang, canvas=canvas)
        app.run()
    except Exception as exc:  # outside the app's loop (settings, start-up, shut-down)
        path = write_crash_log(exc, context="tui start or stop")
        print(t("tui.crash.logged", path=path) if path else t("tui.crash.not_logged"), file=sys.stderr)
        raise SystemExit(1) from None
    if app.return_code:  # the app ended on an error it logged (TafelApp.crashed)
        log = app.crash_log
        print(t("tui.crash.logged", path=log) if log else t("tui.crash.not_logged"), file=sys.stderr)
        raise SystemExit(app.return_code)
