"""Unexpected errors: the traceback goes to a log file in the data folder, the screen gets one line.

Shared by the CLI and the TUI, so a moderator can hand the file to whoever maintains tafel
instead of reading a traceback at the table.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

from tafel import __version__
from tafel.redact import redact

LOG_FOLDER = "logs"


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
    except Exception:  # the disk is full or the folder unwritable: the caller still says one line
        return None


ERROR_LOG = "errors.log"
ERROR_LOG_MAX = 1024 * 1024  # bytes; beyond this the file starts again (the previous one kept as .1)


def log_error(exc: BaseException, *, home: Path, context: str) -> Path | None:
    """Append an error tafel carried on after to ``<data home>/logs/errors.log``; None when that fails.

    For errors that must not stop the moderator (a resume file that cannot be written, a screen
    not built ahead) but should not vanish either: whoever maintains tafel finds them here, with
    their traceback, in the same folder as the crash logs.
    """
    try:
        folder = home / LOG_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / ERROR_LOG
        if path.exists() and path.stat().st_size > ERROR_LOG_MAX:
            path.replace(folder / f"{ERROR_LOG}.1")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        body = "".join(traceback.format_exception(exc))
        entry = redact(f"{stamp} tafel {__version__} pid {os.getpid()}: {context}\n{body}\n")
        # One write of the whole entry in append mode: two processes' entries never interleave mid-line.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(entry)
        return path
    except Exception:  # the disk is full or the folder unwritable: nothing more can be done
        return None
