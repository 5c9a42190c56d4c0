"""The ``tafel`` command. With no command it opens the moderator's TUI; otherwise a Typer app.

The language is known before the Typer app is built, so every ``--help`` is in that language.
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
        # The moderator's path: straight to the TUI, without loading Typer or the store first.
        from pathlib import Path

        from tafel.ui import run

        canvas = found.get("--canvas")
        run(db=found.get("--db"), lang=found.get("--lang"), canvas=Path(canvas) if canvas else None)
        return
    from tafel import i18n
    from tafel.settings import language

    lang = language(found.get("--lang") or os.environ.get("TAFEL_LANG"))
    i18n.set_language(lang)
    from tafel.cli.app import build_app

    build_app(lang)(args=args, prog_name="tafel")
