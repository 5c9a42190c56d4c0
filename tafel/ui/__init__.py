"""The moderator's terminal UI (Textual). Imported lazily: the CLI and services never need it."""

from __future__ import annotations

from pathlib import Path


def run(db: str | None = None, lang: str | None = None, canvas: Path | None = None) -> None:
    from tafel.ui.app import TafelApp

    TafelApp.from_settings(db=db, lang=lang, canvas=canvas).run()
