"""``tafel canvases`` and ``tafel canvas check``."""

from __future__ import annotations

from pathlib import Path

import click

from tafel.canvases import DEFAULT_CANVAS, load_file
from tafel.cli.app import Context, command_options, pass_context
from tafel.domain.canvas import Canvas, CanvasError, canvas_warnings
from tafel.domain.errors import Problem
from tafel.i18n import t
from tafel.i18n.syntax import toml_error


def problem_text(problem: Problem) -> str:
    params = dict(problem.params)
    if problem.code == "toml_syntax":  # tomllib's own sentence, in the reader's language
        params["error"] = toml_error(str(params["error"]))
    return f"{problem.path}: {t(f'canvas_problems.{problem.code}', **params)}"


def canvas_error_lines(exc: CanvasError) -> list[str]:
    return [f"{exc.source}: {problem_text(p)}" for p in exc.problems]


def describe(canvas: Canvas) -> list[str]:
    lines = [
        t("cli.canvases.head", id=canvas.id, name=canvas.name, minutes=canvas.minutes,
          rounds=len(canvas.rounds), cards=len(canvas.deck))
    ]
    for n, rnd in enumerate(canvas.rounds, start=1):
        kind = t(f"cli.kinds.{rnd.kind}")
        lines.append(t("cli.canvases.round", n=n, title=rnd.title, kind=kind, minutes=rnd.minutes))
    return lines


def register(app: click.Group) -> None:
    @app.command("canvases", help=t("cli.canvases.help"), **command_options())
    @pass_context
    def canvases(c: Context) -> None:
        library = c.library
        for i, canvas in enumerate(library.all()):
            if i:
                click.echo()
            click.echo("\n".join(describe(canvas)))
            others = [lang for lang in library.languages(canvas.id) if lang != canvas.language]
            if others:
                click.echo(t("cli.canvases.languages", languages=", ".join([canvas.language, *others])))
        click.echo()
        # Where the user's own canvases go: after ``pip install`` the shipped folder is not theirs to edit.
        click.echo(t("cli.canvases.user_folder", folder=c.settings.user_canvases))
        for broken in library.broken:
            click.echo(t("cli.canvases.broken", file=broken.source, count=len(broken.problems)), err=True)
            for line in canvas_error_lines(broken):
                click.echo(f"  {line}", err=True)

    @app.group("canvas", help=t("cli.canvas.help"), subcommand_metavar=t("cli.metavar.subcommand"),
               **command_options())
    def canvas_group() -> None:
        pass

    @canvas_group.command("new", help=t("cli.canvas.new_help"), **command_options())
    @click.argument("name", metavar=t("cli.metavar.name"))
    @click.option("--from", "source", default=DEFAULT_CANVAS, show_default=True, metavar=t("cli.metavar.canvas"),
                  help=t("cli.canvas.from_help"))
    @pass_context
    def new(c: Context, name: str, source: str) -> None:
        """A copy of a canvas in the user folder, under a new id, to edit and check."""
        import re

        from tafel.domain.canvas import ID_PATTERN

        if not ID_PATTERN.match(name):
            click.echo(t("cli.canvas.bad_name", name=name), err=True)
            raise SystemExit(2)
        original = c.library.find(source)
        if original is None or original.source is None:
            click.echo(t("cli.canvas.unknown_source", canvas=source, known=", ".join(c.library.canvases)), err=True)
            raise SystemExit(2)
        folder = c.settings.user_canvases
        target = folder / f"{name}.toml"
        if target.exists():
            click.echo(t("cli.canvas.exists", file=target), err=True)
            raise SystemExit(2)
        text = Path(original.source).read_text("utf-8")
        text = re.sub(r'(?m)^id = "[^"]*"', f'id = "{name}"', text, count=1)
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        click.echo(t("cli.canvas.created", file=target, canvas=source))

    @canvas_group.command("check", help=t("cli.canvas.check_help"), **command_options())
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path),
                    metavar=t("cli.metavar.file"))
    def check(files: tuple[Path, ...]) -> None:
        failed = False
        for path in files:
            try:
                canvas = load_file(path)
            except CanvasError as exc:
                failed = True
                for line in canvas_error_lines(exc):
                    click.echo(line, err=True)
                continue
            click.echo(t("cli.canvas.valid", file=path, name=canvas.name, rounds=len(canvas.rounds),
                         cards=len(canvas.deck)))
            for warning in canvas_warnings(canvas):
                click.echo(f"{path}: {problem_text(warning)}")
        if failed:
            raise SystemExit(2)
