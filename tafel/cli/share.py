"""``tafel share``: serve the exported tables' participant pages until Ctrl+C."""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from tafel.cli.app import Context, command_options, error_text, fail, pass_context
from tafel.domain.errors import TafelError
from tafel.i18n import t
from tafel.services import sharing


def _echo(line: str) -> None:
    # Runs for every request: buffered, written out by the waiting main thread a few times a second.
    sys.stdout.write(line + "\n")


def _buffer_stdout() -> None:
    """One write per 0.1 s instead of one per request (a terminal's stdout flushes every line)."""
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(line_buffering=False, write_through=False)  # type: ignore[union-attr]  # TextIO lacks it; see suppress


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # stop as for Ctrl+C: share.json removed, "stopped" said


def _shared_tables(c: Context) -> int:
    return sum(1 for folder in c.store.exported_folders().values() if (Path(folder) / "index.html").is_file())


def register(app: click.Group) -> None:
    local = sharing.local_address()

    @app.command("share", help=t("share.help"), **command_options())
    @click.option("--host", metavar=t("share.metavar.address"), help=t("share.host", address=local))
    @click.option("--port", type=click.IntRange(0, 65535), metavar=t("share.metavar.port"),
                  help=t("share.port", port=sharing.DEFAULT_PORT))
    @click.option("--log-clients", is_flag=True, help=t("share.log_clients"))
    @click.option("--db", "db_url", metavar="URL", help=t("sync.share.db"))
    @pass_context
    def share(c: Context, host: str | None, port: int | None, log_clients: bool, db_url: str | None) -> None:
        from tafel.services.sync import tables_with_a_page
        from tafel.share.server import WILDCARDS, ShareServer

        if db_url:  # venue mode: the tables of that database (the server reads c.settings.db_url)
            import dataclasses

            from tafel.services import pgpass

            pgpass.use_for(db_url)  # its password, if tafel sync --to remembered it
            c.settings, c._store = dataclasses.replace(c.settings, db_url=db_url), None

        address = host or local
        try:
            count = _shared_tables(c)
            venue = tables_with_a_page(c.store) if db_url else None
            server = ShareServer(c.settings, address, port, log=_echo, log_clients=log_clients,
                                 venue=db_url is not None)
            url = server.start()
        except TafelError as exc:
            fail(error_text(exc))
        previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
        try:
            click.echo(t("share.run.serving", url=url))
            click.echo(t("share.run.address", address=address))
            if address in WILDCARDS:
                click.echo(t("share.run.wildcard", address=address))
            elif address.startswith("127.") or address in ("::1", "localhost"):
                click.echo(t("share.run.loopback", address=address))
            if c.settings.base_url:
                click.echo(t("share.run.base_url", base_url=c.settings.base_url))
            if venue is not None:  # every table of the database: open ones live, closed ones their summary
                click.echo(t("sync.share.venue", count=venue))
            else:
                click.echo(t("share.run.tables", count=count) if count else t("share.run.no_tables"))
            click.echo(t("share.run.live"))
            click.echo(t("share.run.how"))
            click.echo(t("share.run.log_head"))
            _buffer_stdout()
            server.wait(tick=sys.stdout.flush)
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
            signal.signal(signal.SIGTERM, previous)
        click.echo(t("share.run.stopped"))
