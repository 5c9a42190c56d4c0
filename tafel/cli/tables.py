"""``tafel list``, ``tafel import`` and ``tafel export``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tafel.cli.app import Context, command_options, error_text, fail, pass_context
from tafel.domain.errors import TafelError
from tafel.i18n import t
from tafel.services import exchange
from tafel.services.reading import read_document


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _counted(key: str, n: int) -> str:
    return t(f"cli.import.{key}_{'one' if n == 1 else 'many'}", n=n)


def _imported_line(result: exchange.Imported) -> str:
    """One line per file; for a merge, what came in: new, changed and deleted notes and people."""
    say: dict[str, Any] = {"file": result.path, "title": result.title, "id": result.table_id[:8]}
    if result.status != "updated":
        return t(f"cli.import.{result.status}", **say)
    c = result.counts
    parts = [t("cli.import.items", items=_counted("items", c.items_added), changed=c.items_changed,
               deleted=c.items_deleted)]
    if c.participants_added or c.participants_changed or c.participants_deleted:
        parts.append(t("cli.import.people", people=_counted("people", c.participants_added),
                       changed=c.participants_changed, deleted=c.participants_deleted))
    if c.table_changed:
        parts.append(t("cli.import.table_fields"))
    return t("cli.import.updated", **say, changes="; ".join(parts))


def register(app: click.Group) -> None:
    @app.command("list", help=t("cli.list.help"), **command_options())
    @click.option("--db", "db_url", metavar="URL", help=t("sync.list.db"))
    @pass_context
    def list_tables(c: Context, db_url: str | None) -> None:
        sources: dict[str, tuple[str, str]] | None = None
        try:
            if db_url:
                from tafel.services.sync import programme_tables

                tables, sources = programme_tables(db_url)
            else:
                tables = c.store.list_tables()
        except TafelError as exc:
            fail(error_text(exc))
        if not tables:
            click.echo(t("cli.list.empty"))
            return
        from rich.console import Console
        from rich.table import Table as RichTable
        from rich.text import Text

        grid = RichTable(box=None, pad_edge=False, header_style="bold")
        for key in ("id", "date", "title", "canvas", "round", "people", "items", "changed"):
            grid.add_column(t(f"cli.list.col_{key}"), overflow="fold", no_wrap=key in ("id", "date", "changed"))
        for key in ("laptop", "synced") if sources is not None else ():  # the programme database's
            grid.add_column(t(f"sync.list.col_{key}"), overflow="fold", no_wrap=key == "synced")
        for s in tables:
            # Text(), not str: a title like "[b]" is the moderator's words, not rich markup.
            cells: tuple[str, ...] = (s.id[:8], s.date, s.title, s.canvas, s.current_round or "–",
                                      str(s.participants), str(s.items), _when(s.updated_at))
            if sources is not None:
                laptop, synced = sources.get(s.id, ("–", ""))
                cells = (*cells, laptop, _when(synced) if synced else "–")
            grid.add_row(*(Text(c) for c in cells))
        console = Console(highlight=False)
        if not console.is_terminal:
            console.width = 200  # a pipe or a file: one table per line, nothing folded
        console.print(grid)

    @app.command("import", help=t("cli.import.help"), **command_options())
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path),
                    metavar=t("cli.metavar.file"))
    @pass_context
    def import_tables(c: Context, files: tuple[Path, ...]) -> None:
        # Read and check every file first: one bad file imports nothing, so a re-run is clean.
        docs = []
        errors = []
        for path in files:
            try:
                docs.append((path, read_document(path)))
            except TafelError as exc:
                errors.append(f"{path}: {error_text(exc)}")
        if errors:
            for line in errors:
                click.echo(line, err=True)
            fail(t("cli.import.nothing_done"))
        try:
            # One transaction for all files: a file that cannot be merged leaves the others out too.
            results = exchange.import_documents(c.store, docs)
        except TafelError as exc:
            fail(error_text(exc))
        for result in results:
            click.echo(_imported_line(result))

    @app.command("export", help=t("cli.export.help"), **command_options())
    @click.argument("table", metavar=t("cli.metavar.table"))
    @click.option("--out", type=click.Path(path_type=Path), metavar=t("cli.metavar.folder"), help=t("cli.export.out"))
    @click.option("--qr", "qr_mode", type=click.Choice(["url", "text"]), default="url", show_default=True,
                  help=t("cli.export.qr"))
    @pass_context
    def export_table(c: Context, table: str, out: Path | None, qr_mode: str) -> None:
        from tafel.services.summary import export_summary  # ReportLab loads only for this command

        try:
            table_id = c.store.resolve(table)
            result = export_summary(c.store, c.library, c.settings, table_id, folder=out, qr=qr_mode)
        except TafelError as exc:
            fail(error_text(exc))
        except OSError as exc:
            fail(t("errors.file.write_failed", error=exc.strerror or str(exc)))
        click.echo(t("cli.export.done", title=result.table.title, folder=result.folder))
        if result.url:
            click.echo(t("cli.export.url", url=result.url))
        else:
            click.echo(t("cli.export.text", bytes=len((result.qr_payload or "").encode("utf-8"))))
