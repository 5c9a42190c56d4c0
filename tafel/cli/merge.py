"""``tafel merge``: the organiser's command that turns a programme's exports into its report."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from tafel.cli.app import Context, command_options, error_text, fail, pass_context
from tafel.domain.errors import TafelError
from tafel.domain.report import STATUS_DUPLICATE, Report
from tafel.files import WriteFailed
from tafel.i18n import get_language, t
from tafel.settings import language as settings_language

DEFAULT_PDF = Path("verslag.pdf")
DEFAULT_JSON = Path("report.json")
SHOW_AFTER = 0.5  # seconds: a quick merge shows no progress bar at all


class ProgressBar:
    """A rich progress bar on stderr, started only once reading takes longer than a moment."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.started < SHOW_AFTER or done >= total:
                return
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(t("report.cli.reading"), total=total)
        self._bar.update(self._task, completed=done)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _period(report: Report) -> str:
    if report.first_date == report.last_date:
        return report.first_date
    return f"{report.first_date} – {report.last_date}"


def summary_lines(report: Report) -> list[str]:
    from tafel.render.report_content import count

    lang = get_language()  # the command's own messages speak the interface's language
    lines = [t("report.cli.summary", tables=count("tables", len(report.tables), lang),
               participants=count("participants", report.participants, lang),
               days=count("days", report.days, lang), period=_period(report))]
    if report.values:
        top = ", ".join(f"{v.value} ({v.mentions})" for v in report.values[:5])
        lines.append(t("report.cli.top_values", values=top))
    for name, tables in report.curated_missing:
        lines.append(t("report.cli.curated_missing", theme=name, tables=count("tables", tables, lang)))
    if report.themes:
        top = ", ".join(t("report.cli.theme_entry", theme=th.theme, tables=th.tables) for th in report.themes[:5])
        lines.append(t("report.cli.top_themes", themes=top))
    else:
        lines.append(t("report.cli.no_themes"))
    duplicates = sum(1 for s in report.sources if s.status == STATUS_DUPLICATE)
    if duplicates:
        lines.append(t("report.cli.duplicates", count=count("files", duplicates, lang)))
    return lines


def register(app: click.Group) -> None:
    @app.command("merge", help=t("report.cli.help"), **command_options())
    @click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar=t("report.cli.metavar_path"))
    @click.option("--db", "db_url", metavar="URL", help=t("sync.merge.db"))
    @click.option("-o", "--out", "pdf", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.out"))
    @click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.json"))
    @click.option("--md", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.md"))
    @click.option("--csv", "csv_dir", type=click.Path(path_type=Path, file_okay=False),
                  metavar=t("report.cli.metavar_dir"), help=t("report.cli.csv"))
    @click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.html"))
    @click.option("--docx", "docx_path", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.docx"))
    @click.option("--pdf-ua", "pdf_ua", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.pdf_ua"))
    @click.option("--groups", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.groups"))
    @click.option("--curate", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.curate"))
    @click.option("--programme", metavar=t("report.cli.metavar_name"), help=t("report.cli.programme"))
    @click.option("--skip-invalid", is_flag=True, help=t("report.cli.skip_invalid"))
    @pass_context
    def merge_cmd(
        c: Context, paths: tuple[Path, ...], pdf: Path | None, json_path: Path | None, md: Path | None,
        csv_dir: Path | None, groups: Path | None, curate: Path | None, programme: str | None,
        skip_invalid: bool, html_path: Path | None = None, docx_path: Path | None = None,
        pdf_ua: Path | None = None, db_url: str | None = None,
    ) -> None:
        from tafel.services import merge

        if bool(paths) == bool(db_url):  # exports or the programme database: one of the two
            fail(t("sync.merge.paths_or_db"))
        published = {"html": html_path, "docx": docx_path, "pdf_ua": pdf_ua}
        if pdf is None and json_path is None and md is None and csv_dir is None and not any(published.values()):
            pdf, json_path = DEFAULT_PDF, DEFAULT_JSON
        outputs = merge.Outputs(pdf=pdf, json=json_path, md=md, csv=csv_dir, **published)
        bar = ProgressBar()
        try:
            outputs.check_distinct()  # before the merge: a typo in the options need not wait for it
            group_map = merge.load_groups(groups) if groups is not None else None
            curation = merge.load_curation(curate) if curate is not None else None
            # An explicit --lang (or TAFEL_LANG) sets the verslag's language; else the programme's own.
            chosen = click.get_current_context().find_root().params.get("lang") or os.environ.get("TAFEL_LANG")
            spoken = settings_language(chosen) if chosen else None
            if db_url:
                result = merge.merge_database(db_url, c.library, groups=group_map, programme=programme,
                                              language=spoken, curation=curation)
            else:
                result = merge.merge(paths, c.library, skip_invalid=skip_invalid, groups=group_map,
                                     programme=programme, progress=bar, language=spoken, curation=curation)
            bar.stop()
            files = merge.render(result.report, outputs)
        except merge.MergeFailed as exc:
            bar.stop()
            for invalid in exc.invalid:
                click.echo(invalid.line(), err=True)
            fail(t("report.cli.nothing_done"))
        except TafelError as exc:
            bar.stop()
            fail(error_text(exc))
        try:
            merge.check_outputs(files, [*result.inputs, *([groups] if groups is not None else [])])
        except TafelError as exc:
            fail(error_text(exc))
        try:
            written = merge.write_all(files)
        except WriteFailed as exc:
            if exc.written:
                fail(t("report.cli.write_failed_partly", file=exc.path, error=exc.reason,
                       written=", ".join(str(p) for p in exc.written)))
            fail(t("report.cli.write_failed_file", file=exc.path, error=exc.reason))
        except OSError as exc:
            fail(t("report.cli.write_failed", error=exc.strerror or str(exc)))
        for invalid in result.skipped:
            click.echo(t("report.cli.skipped", line=invalid.line()), err=True)
        from tafel.render.report_content import count

        for title, alike in result.begun_twice:
            click.echo(t("report.cli_ties.begun_twice", title=title, files=", ".join(alike)), err=True)
        for name, others in result.other_programmes:
            shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
            click.echo(t("report.cli_ties.other_programme", programme=name,
                         tables=count("tables", len(others), get_language()), files=shown), err=True)
        for counted, other in result.ties:
            click.echo(t("report.cli_ties.tie", counted=counted, other=other), err=True)
        for line in merge.warning_lines(result.report):
            click.echo(line, err=True)
        for line in summary_lines(result.report):
            click.echo(line)
        click.echo(t("report.cli.written", files=", ".join(str(p) for p in written)))
