"""Closing: the table's summary to review, export (in a worker), and the QR code for phones.

The share server's start/stop switch belongs in ``compose_share`` (the ``#share-slot``
container under the QR code) and reacts to ``on_exported``; both are here to be extended.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Static

from tafel.domain.timer import clock
from tafel.i18n import t
from tafel.services.moderation import ExportResult
from tafel.ui.screens.base import TableScreen
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.qr_view import QRView
from tafel.ui.widgets.round_text import round_text
from tafel.ui.widgets.step_header import StepHeader


class ClosingScreen(TableScreen):
    BINDINGS: ClassVar[list[Any]] = [Binding("e", "export", "tui.keys.export")]
    PALETTE = (*TableScreen.PALETTE, ("export", "tui.palette.export"))

    def compose(self) -> ComposeResult:
        yield StepHeader(self.view, self.step)
        with Horizontal(id="closing"):
            with VerticalScroll(id="summary"):
                yield Static(self.summary_head())
                for n, rnd in enumerate(self.view.canvas.rounds, 1):
                    yield Static(Text(f"\n{n}. {rnd.title}", style="bold underline"))
                    yield Static(round_text(self.view.table, rnd))
            with Vertical(id="closing-side"):
                yield Button(t("tui.closing.export"), id="export", variant="primary")
                yield Static(t("tui.closing.no_qr"), id="export-status", classes="hint")
                yield QRView(id="qr")
                with Vertical(id="share-slot"):
                    yield from self.compose_share()
        yield KeyBar()

    def compose_share(self) -> Iterable[Widget]:
        """Hook for the share server's switch (start/stop serving the summary); empty for now."""
        return ()

    def on_mount(self) -> None:
        self.moderation.pause_all(self.table_id)
        self.query_one("#export", Button).focus()

    def summary_head(self) -> Text:
        table = self.view.table
        out = Text(table.title, style="bold")
        meta = [x for x in (table.date, table.location, table.moderator, table.programme) if x]
        out.append("\n" + " · ".join(meta), style="dim")
        sectors: dict[str, int] = {}
        for p in table.participants:
            sectors[p.sector or "–"] = sectors.get(p.sector or "–", 0) + 1
        text = ", ".join(f"{s} {n}" if n > 1 else s for s, n in sectors.items())
        out.append("\n" + t("tui.closing.people", n=len(table.participants), sectors=text or "–"))
        total = self.moderation.total_seconds(self.moderation.timers(self.table_id))
        out.append("\n" + t("tui.closing.time", time=clock(total)))
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()

    def action_export(self) -> None:
        self.query_one("#export-status", Static).update(t("tui.closing.exporting"))
        self.export()

    @work(thread=True, exclusive=True, group="export")
    def export(self) -> None:
        try:
            result = self.moderation.export(self.table_id)
        except Exception as exc:  # one line for the moderator, never a traceback
            self.app.call_from_thread(self.export_failed, str(exc).splitlines()[0] if str(exc) else repr(exc))
            return
        self.app.call_from_thread(self.on_exported, result)

    def export_failed(self, error: str) -> None:
        self.query_one("#export-status", Static).update(t("tui.closing.export_failed", error=error))

    def on_exported(self, result: ExportResult) -> None:
        """Show where the export went and its QR code; the share switch may extend this."""
        status = Text(t("tui.closing.exported", folder=result.folder))
        if result.url:
            status.append("\n" + result.url, style="bold")
        self.query_one("#export-status", Static).update(status)
        if result.qr:
            self.query_one("#qr", QRView).show(result.qr)
        self.notify(t("tui.closing.exported", folder=result.folder))
