"""``tafel themes``: the topics a merge would find, to look at before the verslag is written, and a
starting curation file to edit (``--starter``) and pass back with ``tafel merge --curate``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tafel.cli.app import Context, command_options, error_text, fail, pass_context
from tafel.domain.errors import TafelError
from tafel.domain.report import Report
from tafel.i18n import get_language, t
from tafel.render.report_content import count
from tafel.settings import language as settings_language


def _toml_text(text: str) -> str:
    """A TOML basic string (quotes, backslashes and control characters escaped)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def starter_file(report: Report) -> str:
    """A curation file made from the topics found: rename, regroup, drop, then merge with it."""
    lines = [f"# {line}" for line in t("themes.starter_head").splitlines()]
    lines += ["", "drop = []", ""]
    for theme in report.themes[:12]:
        lines += ["[[theme]]", f"name = {_toml_text(theme.theme)}",
                  "words = [" + ", ".join(_toml_text(w) for w in theme.words) + "]", ""]
    lines.append("[same]")
    for sp in report.spelling:
        lines.append(f"# {_toml_text(sp.word)} = {_toml_text(sp.like)}")
    return "\n".join(lines) + "\n"


def register(app: click.Group) -> None:
    @app.command("themes", help=t("themes.help"), **command_options())
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path),
                    metavar=t("report.cli.metavar_path"))
    @click.option("--curate", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.curate"))
    @click.option("--starter", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("themes.starter"))
    @click.option("--skip-invalid", is_flag=True, help=t("report.cli.skip_invalid"))
    @pass_context
    def themes_cmd(c: Context, paths: tuple[Path, ...], curate: Path | None, starter: Path | None,
                   skip_invalid: bool) -> None:
        from tafel.services import merge

        chosen = click.get_current_context().find_root().params.get("lang") or os.environ.get("TAFEL_LANG")
        try:
            curation = merge.load_curation(curate) if curate is not None else None
            result = merge.merge(paths, c.library, skip_invalid=skip_invalid, curation=curation,
                                 language=settings_language(chosen) if chosen else None)
        except merge.MergeFailed as exc:
            for invalid in exc.invalid:
                click.echo(invalid.line(), err=True)
            fail(t("report.cli.nothing_done"))
        except TafelError as exc:
            fail(error_text(exc))
        report = result.report
        if not report.themes:
            click.echo(t("report.cli.no_themes"))
        for n, theme in enumerate(report.themes, start=1):
            if n == 13:
                click.echo(t("themes.more"))
            mark = t("themes.curated") if theme.curated else ""
            click.echo(t("themes.line", number=n, theme=theme.theme, tables=theme.tables, items=theme.items,
                         mark=mark))
            click.echo(t("themes.words", words=", ".join(theme.words)))
        for sp in report.spelling:
            click.echo(t("themes.typo", word=sp.word, like=sp.like))
        for name, tables in report.curated_missing:
            click.echo(t("report.cli.curated_missing", theme=name, tables=count("tables", tables, get_language())))
        if starter is not None:
            from tafel.files import write_atomic

            try:
                # Never over a file just read (an export, the curation file itself).
                merge.check_outputs([starter], [*result.inputs, *([curate] if curate is not None else [])])
                write_atomic(starter, starter_file(report))
            except TafelError as exc:
                fail(error_text(exc))
            except OSError as exc:
                fail(t("report.cli.write_failed", error=exc.strerror or str(exc)))
            click.echo(t("report.cli.written", files=str(starter)))
