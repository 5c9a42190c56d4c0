"""Unexpected errors: the traceback goes to a log file in the data folder, the screen gets one line.

Shared by the CLI and the TUI, so a moderator can hand the file to whoever maintains tafel
instead of reading a traceback at the table.

Errors tafel handles and goes on from (a line on screen, a retry, a background task that must
never stop the moderator) keep their cause too: ``note_error`` appends the traceback to
``<data home>/logs/errors.log`` (once per distinct error and place per process, the file kept
under ``MAX_ERROR_LOG`` bytes), and ``logged`` does so for a block whose errors are dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tafel import __version__
from tafel.redact import redact

LOG_FOLDER = "logs"
ERROR_LOG = "errors.log"
MAX_ERROR_LOG = 1_000_000  # bytes; beyond it the file starts afresh (the previous one kept as errors.log.1)

_noted: set[tuple[str, str, str]] = set()  # (place, error type, first line) already in the log
_lock = threading.Lock()  # the sync thread, the share server's thread and the UI may all note errors


def write_crash_log(exc: BaseException, *, home: Path | None = None, context: str = "") -> Path | None:
    """Write ``exc`` with its traceback to ``<data home>/logs/crash-<time>.log``; None when that fails."""
    try:
        if home is None:
            from tafel.settings import data_home

            home = data_home()
        folder = home / LOG_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        lines = [
            f"tafel {__version__} · Python {sys.version.split()[0]} · {sys.platform}",
            f"when: {stamp}",
            f"command: {' '.join(sys.argv)}",
        ]
        if context:
            lines.append(f"context: {context}")
        body = "".join(traceback.format_exception(exc))
        # Appending to a fresh file with O_EXCL: two crashes in the same microsecond never mix.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            # A database URL's password (in the command, the context or an error) never in the log.
            fh.write(redact("\n".join(lines) + "\n\n" + body))
        return path
    except Exception:  # the logger of last resort: a full disk or anything else, the caller still says one line
        return None


def note_error(exc: BaseException, context: str, *, home: Path | None = None) -> None:
    """Append a handled error's traceback to ``errors.log`` in the data folder; never raises."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    key = (context, type(exc).__name__, first)
    with _lock:
        if key in _noted:
            return  # a retry loop's same error: once is enough to find its cause
        _noted.add(key)
        try:
            if home is None:
                from tafel.settings import data_home

                home = data_home()
            folder = home / LOG_FOLDER
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / ERROR_LOG
            if path.exists() and path.stat().st_size > MAX_ERROR_LOG:
                path.replace(folder / f"{ERROR_LOG}.1")
            stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            body = "".join(traceback.format_exception(exc))
            with path.open("a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(redact(f"--- {stamp} tafel {__version__} · {context}\n{body}\n"))
        except Exception:  # the log of handled errors must never become an error itself
            pass


@contextmanager
def logged(context: str, *, home: Path | None = None) -> Iterator[None]:
    """Run the block; an error in it is noted (``note_error``) and dropped: for work that must never
    stop its caller (the phones' page, a status line, a clean-up)."""
    try:
        yield
    except Exception as exc:  # the caller goes on whatever happened; the cause is in errors.log
        note_error(exc, context, home=home)
