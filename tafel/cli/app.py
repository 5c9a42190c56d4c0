"""Builds the Click command group in the chosen language and wires settings, store and canvases.

Click rather than Typer: every word Click prints goes through gettext, so the whole help and
every usage error can be Dutch; Typer carries its own copy of Click with English fixed in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import update_wrapper
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from tafel import settings as settings_mod
from tafel.canvases import Library, load_library
from tafel.cli.click_language import translate_click
from tafel.domain.errors import TafelError
from tafel.i18n import t

if TYPE_CHECKING:  # SQLAlchemy loads when a command opens the database, not for merge or canvases
    from tafel.storage.repository import Store


@dataclass
class Context:
    """What a command needs, opened on first use (``tafel canvases`` never opens the database)."""

    settings: settings_mod.Settings
    settings_checked: bool = False
    _store: Store | None = field(default=None, repr=False)
    _library: Library | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from tafel.storage.repository import Store

            try:
                self._store = Store.open(self.settings.db_url)
            except TafelError:
                raise
            except Exception as exc:  # a database that cannot be opened: one line, not a traceback; logged
                from tafel.crashlog import note_error
                from tafel.redact import redact, safe_url

                note_error(exc, "cli: opening the database")

                raise TafelError(
                    "db.unusable", url=safe_url(self.settings.db_url), error=redact(str(exc).splitlines()[0])
                ) from None
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


def check_settings(c: Context) -> None:
    """A command stops on a broken setting rather than quietly using a default in its place
    (exports written elsewhere than the organiser asked); an unknown key only warns. Checked when a
    command runs, so ``--help`` still works with a broken settings.toml."""
    if c.settings_checked:
        return
    c.settings_checked = True
    for problem in c.settings.problems:
        click.echo(problem.line(), err=True)
    if any(p.fatal for p in c.settings.problems):
        raise SystemExit(2)


F = TypeVar("F", bound=Callable[..., Any])


def pass_context(f: F) -> F:
    """Like ``click.make_pass_decorator(Context)``, checking the settings first."""

    def command(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        c = ctx.find_object(Context)
        if c is None:  # pragma: no cover - the root group always makes one
            raise RuntimeError("tafel: no Context")
        check_settings(c)
        return ctx.invoke(f, c, *args, **kwargs)

    return cast(F, update_wrapper(command, f))  # the wrapper takes f's name and help, not its signature


def command_options() -> dict[str, Any]:
    """Usage placeholders in the current language, for every command."""
    return {"options_metavar": t("cli.metavar.options")}


# Which module registers each command: ``tafel merge`` loads the merge command's module only (each
# module loads the services it needs); help, a typo or no command load them all.
COMMAND_MODULES = {
    "canvases": "canvas", "canvas": "canvas", "list": "tables", "import": "tables", "export": "tables",
    "merge": "merge", "themes": "themes", "share": "share", "sync": "sync",
}
MODULES = ("canvas", "tables", "merge", "themes", "share", "sync")  # the order of ``tafel --help``


def build_app(lang: str, command: str | None = None) -> click.Group:
    translate_click(lang)

    @click.group(
        name="tafel", cls=click.Group, help=t("cli.app.help"), invoke_without_command=True,
        subcommand_metavar=t("cli.metavar.subcommand"), **command_options(),
        context_settings={"help_option_names": ["--help", "-h"], "max_content_width": 100},
    )
    @click.option("--lang", metavar="nl|en", help=t("cli.opt.lang"))
    @click.option("--db", metavar="URL", help=t("cli.opt.db"))
    @click.option("--canvas", type=click.Path(path_type=Path), metavar=t("cli.metavar.path"), help=t("cli.opt.canvas"))
    @click.version_option(package_name="tafel", prog_name="tafel", message="%(prog)s %(version)s")
    @click.pass_context
    def root(ctx: click.Context, lang: str | None, db: str | None, canvas: Path | None) -> None:
        ctx.obj = Context(settings_mod.load(db=db, lang=lang, canvas=canvas))
        if ctx.invoked_subcommand is None:
            from tafel.ui import run

            run(db=db, lang=lang, canvas=canvas)

    from importlib import import_module

    wanted = COMMAND_MODULES.get(command or "")
    for name in (wanted,) if wanted else MODULES:
        import_module(f"tafel.cli.{name}").register(root)
    return root
