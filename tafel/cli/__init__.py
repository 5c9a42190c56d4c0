"""The ``tafel`` command. With no command it opens the moderator's TUI; otherwise a Click command group.

The language is known before the Click group is built, so every ``--help`` is in that language.
Commands live in small modules (tables, canvas, …) that each register themselves on the app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# Global options and whether they take a value: ``tafel --db X`` still opens the TUI.
GLOBAL_OPTIONS = {"--lang": True, "--db": True, "--canvas": True}


def _split_globals(argv: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    found: dict[str, str] = {}
    rest: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if name in GLOBAL_OPTIONS and not rest:
            if eq:
                found[name] = value
            elif i + 1 < len(args):
                found[name] = args[i + 1]
                i += 1
            else:
                rest.append(arg)
        else:
            rest.append(arg)
        i += 1
    return found, rest


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    found, rest = _split_globals(args)
    if not rest:
        # The moderator's path: straight to the TUI, without loading Click or the store first.
        from pathlib import Path

        from tafel.ui import run

        canvas = found.get("--canvas")
        run(db=found.get("--db"), lang=found.get("--lang"), canvas=Path(canvas) if canvas else None)
        return
    from tafel import i18n
    from tafel.settings import language

    lang = language(found.get("--lang") or os.environ.get("TAFEL_LANG"))
    i18n.set_language(lang)
    try:
        _run_click(lang, args, rest[0] if rest and not rest[0].startswith("-") else None)
    except KeyboardInterrupt:
        _say(i18n.t("cli.interrupted"))
        raise SystemExit(130) from None
    except Exception as exc:  # SystemExit passes: commands say their own one line and exit 2
        database = _database_problem(exc, found.get("--db"))
        if database is not None:
            from tafel.crashlog import note_error

            note_error(exc, "cli: the database")  # one line said; its cause kept for a maintainer
            _say(database)
            raise SystemExit(2) from None
        _say(_crash_line(exc, args))
        raise SystemExit(1) from None


def _run_click(lang: str, args: list[str], command: str | None) -> None:
    """The Click app, with its own handling of usage errors and ``--help``, but not of Ctrl-C.

    Click would turn Ctrl-C into "Aborted!" and exit 1; tafel exits 130 as a shell expects.
    """
    import click

    from tafel.cli.app import build_app

    try:
        code = build_app(lang, command).main(args=args, prog_name="tafel", standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        from tafel.i18n import get_language, t

        # Click's words are translated for Dutch only (English is Click's own).
        _say(t("click.strings.Aborted!") if get_language() == "nl" else "Aborted!")
        raise SystemExit(1) from None
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    # Without standalone mode Click returns the code of ``ctx.exit(code)`` (``--help``, ``--version``).
    if isinstance(code, int) and code:
        raise SystemExit(code)


def _say(line: str) -> None:
    import contextlib

    with contextlib.suppress(OSError, ValueError):  # stderr closed or a broken pipe: the exit code tells
        print(line, file=sys.stderr, flush=True)


def _database_problem(exc: BaseException, db: str | None) -> str | None:
    """One line for a database that is damaged, full, locked or gone while a command ran."""
    import sqlite3

    from tafel.i18n import t

    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if type(cause).__module__.startswith("psycopg") and type(cause).__name__ in ("OperationalError", "InterfaceError"):
        from tafel.i18n import error
        from tafel.services.sync import connection_problem

        # The server went away (or refused) while a command ran: one line, never the password.
        return error(connection_problem(exc, db or os.environ.get("TAFEL_DB") or ""))
    if not isinstance(cause, sqlite3.DatabaseError):
        return None
    text = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
    if type(cause) is sqlite3.DatabaseError:  # "database disk image is malformed", "file is not a database"
        return t("errors.db.damaged", path=_database_path(db), error=text)
    if isinstance(cause, sqlite3.OperationalError) and any(
        words in text for words in ("locked", "busy", "disk I/O", "full", "unable to open", "readonly")
    ):
        return t("errors.db.failed", path=_database_path(db), error=text)
    return None


def _database_path(db: str | None) -> str:
    try:
        from tafel import settings

        url = db or os.environ.get("TAFEL_DB") or f"sqlite:///{settings.data_home() / 'tafel.db'}"
    except (OSError, RuntimeError, ValueError):  # no home folder to be found: the plain name will do
        return "tafel.db"
    from tafel.redact import safe_url

    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else safe_url(url)


def _crash_line(exc: BaseException, args: list[str]) -> str:
    """The traceback to a log file in the data folder; the screen gets one line naming that file."""
    from tafel.crashlog import write_crash_log
    from tafel.i18n import t
    from tafel.redact import redact

    what = redact(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": "))
    log = write_crash_log(exc, context=f"cli: tafel {' '.join(args)}")
    if log is None:
        return t("cli.crash_no_log", error=what)
    return t("cli.crash", error=what, log=log)
