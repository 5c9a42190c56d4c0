"""Builds the Click command group in the chosen language and wires settings, store and canvases.

Click rather than Typer: every word Click prints goes through gettext, so the whole help and
every usage error can be Dutch; Typer carries its own copy of Click with English fixed in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import click

from tafel import settings as settings_mod
from tafel.canvases import Library, load_library
from tafel.cli.click_language import translate_click
from tafel.domain.errors import TafelError
from tafel.i18n import t
from tafel.storage.repository import Store


@dataclass
class Context:
    """What a command needs, opened on first use (``tafel canvases`` never opens the database)."""

    settings: settings_mod.Settings
    _store: Store | None = field(default=None, repr=False)
    _library: Library | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = Store.open(self.settings.db_url)
            except TafelError:
                raise
            except Exception as exc:  # a database that cannot be opened: one line, not a traceback
                raise TafelError("db.unusable", url=self.settings.db_url, error=str(exc).splitlines()[0]) from None
        return self._store

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = load_library(self.settings.extra_canvases, self.settings.user_canvases)
        return self._library


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(code)


def error_text(exc: TafelError) -> str:
    from tafel.i18n import error

    return error(exc)


pass_context = click.make_pass_decorator(Context)


def command_options() -> dict[str, str]:
    """Usage placeholders in the current language, for every command."""
    return {"options_metavar": t("cli.metavar.options")}


def build_app(lang: str) -> click.Group:
    translate_click(lang)

    @click.group(
        name="tafel", help=t("cli.app.help"), invoke_without_command=True,
        subcommand_metavar=t("cli.metavar.subcommand"), **command_options(),
        context_settings={"help_option_names": ["--help", "-h"], "max_content_width": 100},
    )
    @click.option("--lang", metavar="nl|en", help=t("cli.opt.lang"))
    @click.option("--db", metavar="URL", help=t("cli.opt.db"))
    @click.option("--canvas", type=click.Path(path_type=Path), metavar=t("cli.metavar.path"), help=t("cli.opt.canvas"))
    @click.version_option(package_name="tafel", prog_name="tafel", message="%(prog)s %(version)s")
    @click.pass_context
    def root(ctx: click.Context, lang: str | None, db: str | None, canvas: Path | None) -> None:
        settings = settings_mod.load(db=db, lang=lang, canvas=canvas)
        ctx.obj = Context(settings)
        if ctx.invoked_subcommand is not None and settings.problems:
            # A command stops on a broken setting rather than quietly using a default in its place
            # (exports written elsewhere than the organiser asked); an unknown key only warns.
            for problem in settings.problems:
                click.echo(problem.line(), err=True)
            if any(p.fatal for p in settings.problems):
                raise SystemExit(2)
        if ctx.invoked_subcommand is None:
            from tafel.ui import run

            run(db=db, lang=lang, canvas=canvas)

    from tafel.cli import canvas as canvas_cmds
    from tafel.cli import merge as merge_cmds
    from tafel.cli import share as share_cmds
    from tafel.cli import tables as table_cmds

    canvas_cmds.register(root)
    table_cmds.register(root)
    merge_cmds.register(root)
    share_cmds.register(root)
    return root
