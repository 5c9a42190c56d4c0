"""``tafel sync``: this laptop's tables to the programme database (venue mode)."""

from __future__ import annotations

import click

from tafel.cli.app import Context, command_options, error_text, fail, pass_context
from tafel.domain.errors import TafelError
from tafel.i18n import t
from tafel.redact import safe_url


def _short(text: object) -> str:
    line = " ".join(str(text or "").split())
    return line if len(line) <= 60 else line[:59] + "…"


def register(app: click.Group) -> None:
    @app.command("sync", help=t("sync.cli.help"), **command_options())
    @click.option("--to", "to", metavar="URL", help=t("sync.cli.to"))
    @click.option("--forget", is_flag=True, help=t("sync.cli.forget"))
    @click.option("--conflicts", "show_conflicts", is_flag=True, help=t("sync.cli.conflicts"))
    @pass_context
    def sync(c: Context, to: str | None, forget: bool, show_conflicts: bool) -> None:
        from tafel.services import pgpass
        from tafel.services import sync as service

        try:
            if forget:
                service.remember_url(c.store, None)
                click.echo(t("sync.cli.forgotten"))
                return
            if to:
                service.open_programme(to).dispose()  # checked before it is remembered
                service.remember_url(c.store, to)
                click.echo(t("sync.cli.saved", url=safe_url(to)))
            url = to or service.programme_url(c.store, c.settings.sync_url)
            if not to and c.settings.sync_url and pgpass.holds_password(c.settings.sync_url):
                click.echo(t("sync.cli.password_in_settings"), err=True)  # it works, but it is on view there
            if not url:
                raise TafelError("sync.no_url")
            if show_conflicts:
                found = service.list_conflicts(url)
                if not found:
                    click.echo(t("sync.cli.no_conflicts"))
                for row in found:
                    x = row.conflict
                    click.echo(t(
                        "sync.cli.conflict", title=row.title, table=row.table_id[:8],
                        kind=t(f"sync.cli.kind_{x.kind}"), id=x.id[:8], lost_laptop=x.lost_laptop,
                        lost_at=x.lost_updated_at[:19].replace("T", " "), kept_laptop=x.kept_laptop,
                        kept_at=x.kept_updated_at[:19].replace("T", " "),
                        text=_short(x.lost.get("text") or x.lost.get("name") or x.lost.get("sector")),
                    ))
                return
            report = service.sync_now(c.store, url, c.library)
        except TafelError as exc:
            fail(error_text(exc))
        if report.sent or report.unchanged:
            click.echo(t("sync.cli.done", url=safe_url(url), sent=report.sent, unchanged=report.unchanged))
        else:
            click.echo(t("sync.cli.nothing", url=safe_url(url)))
        if report.conflicts:
            click.echo(t("sync.cli.conflicts_found", n=report.conflicts))
