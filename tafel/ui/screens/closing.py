"""Closing: the table's summary to review, export (in a worker), the QR code, and sharing.

The share switch starts and stops the share server on this laptop (in the background, it lives
in the app until switched off or quit) and exports again, so the QR code points at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, Switch

from tafel.crashlog import note_error
from tafel.domain.errors import TafelError
from tafel.domain.summary import Summary
from tafel.domain.timer import clock
from tafel.i18n import error, t
from tafel.services.export import ExportResult
from tafel.ui.screens.base import TableScreen, built, calm
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.qr_view import QRView, halfblocks, size_of, url_lines
from tafel.ui.widgets.round_text import part_text, table_summary
from tafel.ui.widgets.step_header import StepHeader
from tafel.ui.widgets.text_input import TextInput

SIDE_SHARE = 0.45  # the side's width, as in tafel.tcss
SUMMARY_MIN = 30  # columns the summary keeps when the side widens for the QR code


def one_line(exc: BaseException) -> str:
    """An error as one line a moderator can read: the catalogue's text, else the first line."""
    if isinstance(exc, TafelError):
        return error(exc)
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ClosingScreen(TableScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("e", "export", "tui.keys.export"),
        Binding("q", "qr", "tui.keys.qr"),
        Binding("s", "share", "tui.keys.share"),
    ]
    PALETTE = (*TableScreen.PALETTE, ("export", "tui.palette.export"), ("qr", "tui.palette.qr"),
               ("share", "tui.palette.share"))

    result: ExportResult | None = None
    code = ""  # the exported URL's QR code as half blocks

    def compose(self) -> ComposeResult:
        yield StepHeader(self.view, self.step)
        with Horizontal(id="closing"):
            with VerticalScroll(id="summary"):
                yield Static(self.summary(), id="summary-text")
            with VerticalScroll(id="closing-side"):
                # The code first: on 24 lines it is what the table needs to see, the rest scrolls.
                yield QRView(id="qr")
                yield Button(t("tui.closing.export"), id="export", variant="primary", compact=True)
                yield Static(t("tui.closing.no_qr"), id="export-status")
                yield Static(t("tui.closing.qr_hint"), id="qr-hint", classes="hint")
                with Vertical(id="share-slot"):
                    yield from self.compose_share()
        # The exported address across the screen: in the side it was folded inside its token, the
        # rest below the side's edge. Who cannot scan types it (whole: Q shows it with the code).
        yield Static(id="export-url")
        yield KeyBar()

    def compose_share(self) -> Iterable[Widget]:
        """The share switch: serve the summary from this laptop to the phones at the table."""
        from tafel.services.sharing import DEFAULT_PORT, local_address

        server = self.desk.sharing.server
        host = server.host if server else (self.desk.sharing.host or local_address())
        port = server.port if server else self.desk.sharing.port
        shown_port = f":{port or DEFAULT_PORT}" if port != 0 else ""  # 0: a free port, known once started
        with Horizontal(id="share-row"):
            yield Switch(self.desk.sharing.running, id="share-switch", animate=False)
            yield Label(t("tui.closing.share_label"), id="share-label")
        with Horizontal(id="share-address"):
            yield Label(t("tui.closing.share_address"))
            yield TextInput(host, id="share-host", compact=True, select_on_focus=False)
            yield Label(shown_port, id="share-port")
        yield Static(self.share_state(), id="share-status", classes="hint")

    def share_state(self) -> Text:
        server = self.desk.sharing.server
        if server is not None and server.running and server.url:
            out = Text.assemble((t("tui.closing.sharing", url=server.url), "bold"))
            if self.desk.settings.base_url:
                out.append("\n" + t("tui.closing.share_base_url", base_url=self.desk.settings.base_url))
            return out
        return Text(t("tui.closing.not_sharing"))

    @built
    def on_mount(self) -> None:
        self.query_one("#qr-hint").display = False
        self.query_one("#export-url").display = False
        self.query_one("#export", Button).focus()

    @calm
    def on_screen_resume(self) -> None:
        self.moderation.timers.pause_all(self.table_id)  # the conversation is over: no round runs on
        self.sharing_changed(None)  # sharing may have been switched on elsewhere (F8, the live page)
        self.moderation.session.end_table(self.table_id)  # ended: reopened, the table opens here

    def refresh_view(self) -> None:
        self.query_one("#summary-text", Static).update(self.summary())

    def summary(self) -> Text:
        """The whole table as one text: what was said, round by round, to review before export.
        The same summary the PDF and the participant page show (``domain.summary``)."""
        timers = self.moderation.timers.timers(self.table_id)
        now = self.desk.clock()
        summary = table_summary(self.view.table, self.view.canvas, {r: tm.seconds(now) for r, tm in timers.items()})
        out = self.summary_head(summary, self.moderation.timers.total_seconds(timers))
        for n, part in enumerate(summary.parts, 1):
            if not part.known:
                out.append("\n\n" + part.title + "\n", style="bold underline")
                out.append_text(part_text(part))
                continue
            out.append(f"\n\n{n}. {part.title}", style="bold underline")
            # Planned against actual: what the organiser plans the next table with.
            ran = summary.round_time(part.id)
            actual = clock(ran.actual * 60) if ran and ran.actual is not None else clock(0)
            out.append("  " + t("tui.closing.round_time", planned=part.minutes, actual=actual) + "\n", style="dim")
            out.append_text(part_text(part, motivations=True))
        return out

    @staticmethod
    def summary_head(summary: Summary, seconds: float) -> Text:
        out = Text()
        out.append(summary.title, style="bold")  # not Text(…, style=): that would make all of it bold
        meta = [x for x in (summary.date_text, summary.location, summary.moderator, summary.programme) if x]
        out.append("\n" + " · ".join(meta), style="dim")
        sectors = ", ".join(f"{s.sector} ({s.count})" if s.count > 1 else f"{s.sector}" for s in summary.sectors)
        out.append("\n" + t("tui.closing.people", n=summary.participants, sectors=sectors or "–"))
        out.append("\n" + t("tui.closing.time", time=clock(seconds)))
        return out

    # -- export ----------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()

    def action_export(self) -> None:
        self.query_one("#export-status", Static).update(t("tui.closing.exporting"))
        self.export()

    @work(thread=True, exclusive=True, group="export")
    def export(self) -> None:
        self.export_here()

    def export_here(self) -> None:
        """Export the table and show it (called in a worker thread)."""
        try:
            result = self.moderation.exports.export(self.table_id)
            code = halfblocks(result.url) if result.url else ""  # drawn here, off the UI thread
        except Exception as exc:  # one line for the moderator, never a traceback; the cause in the log
            note_error(exc, "tui: export")
            self.app.call_from_thread(self.export_failed, one_line(exc))
            return
        self.app.call_from_thread(self.on_exported, result, code)

    def export_failed(self, message: str) -> None:
        self.query_one("#export-status", Static).update(Text(t("tui.closing.export_failed", error=message)))

    def on_exported(self, result: ExportResult, code: str) -> None:
        """Show where the export went, the URL and its QR code (``halfblocks`` of the URL)."""
        self.result, self.code = result, code
        self.query_one("#export-status", Static).update(Text(t("tui.closing.exported", folder=result.folder)))
        self.query_one("#qr", QRView).show(code)
        self.query_one("#qr-hint").display = bool(code)
        self.fit_qr(self.size.width)
        self.show_url(self.size.width)
        # No notice: the status says where it went, and a notice would lie over the URL and the code.

    def on_resize(self, event: events.Resize) -> None:
        self.fit_qr(event.size.width)
        self.show_url(event.size.width)

    def show_url(self, width: int) -> None:
        """The exported address on one line where it fits the screen, else broken where it goes on."""
        field = self.query_one("#export-url", Static)
        url = self.result.url if self.result is not None else None
        field.display = bool(url)
        if url:
            field.update(Text("\n".join(url_lines(url, width - 2)), style="bold", no_wrap=True))

    def fit_qr(self, width: int) -> None:
        """The code beside the summary: the side widens for it (the summary keeps 30 columns);
        only where even that is too narrow does Q alone show it, on the whole screen."""
        view = self.query_one("#qr", QRView)
        side = self.query_one("#closing-side")
        needed = size_of(view.code)[0] + 4 + 3  # the code's padding; the side's border and padding
        if view.code and int(width * SIDE_SHARE) < needed <= width - SUMMARY_MIN:
            side.styles.width = needed
        else:
            side.styles.width = None  # the stylesheet's share
        room = max(int(width * SIDE_SHARE), needed if needed <= width - SUMMARY_MIN else 0) - 3
        view.display = bool(view.code) and size_of(view.code)[0] + 4 <= room

    def action_qr(self) -> None:
        from tafel.ui.screens.qr import QRScreen

        if self.result is None or not self.code or not self.result.url:
            self.notify(t("tui.closing.export_first"))
            return
        server = self.desk.sharing.server
        serving = server is not None and server.running
        # A published address (base_url) is reachable without this laptop; a local one only while sharing.
        off = not serving and not self.desk.settings.base_url
        self.app.push_screen(QRScreen(self.code, self.result.url, sharing_off=off))

    # -- sharing ---------------------------------------------------------------------------

    def action_share(self) -> None:
        switch = self.query_one("#share-switch", Switch)
        switch.value = not switch.value  # the Changed message does the work

    def on_switch_changed(self, event: Switch.Changed) -> None:
        if event.switch.id != "share-switch" or event.value == self.desk.sharing.running:
            return
        status = self.query_one("#share-status", Static)
        status.update(t("tui.closing.share_starting" if event.value else "tui.closing.share_stopping"))
        self.switch_sharing(event.value, self.query_one("#share-host", Input).value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the address: share on it (again, if sharing on another address already)."""
        if event.input.id != "share-host":
            return
        event.stop()
        self.query_one("#share-status", Static).update(t("tui.closing.share_starting"))
        switch = self.query_one("#share-switch", Switch)
        with switch.prevent(Switch.Changed):
            switch.value = True
        self.switch_sharing(True, event.value.strip())

    @work(thread=True, exclusive=True, group="share")
    def switch_sharing(self, on: bool, host: str) -> None:
        """Start (then export again, so the QR code points here) or stop the share server."""
        if not on:
            self.desk.sharing.stop()
            self.app.call_from_thread(self.sharing_changed, None)
            return
        try:
            self.desk.sharing.start(self.moderation, host or None)
        except TafelError as exc:
            message = one_line(exc)
            if exc.key == "share.bind_failed":
                message = t("tui.closing.share_failed", **exc.params)
            self.app.call_from_thread(self.sharing_failed, message)
            return
        except Exception as exc:  # an address that is no address, and the like: one line (and the log)
            note_error(exc, "tui: sharing started")
            self.app.call_from_thread(self.sharing_failed, one_line(exc))
            return
        self.app.call_from_thread(self.sharing_changed, None)
        self.export_here()

    def sharing_changed(self, _: object) -> None:
        switch = self.query_one("#share-switch", Switch)
        with switch.prevent(Switch.Changed):
            switch.value = self.desk.sharing.running
        server = self.desk.sharing.server
        if server is not None:
            self.query_one("#share-port", Label).update(f":{server.port}")
        self.query_one("#share-status", Static).update(self.share_state())

    def sharing_failed(self, message: str) -> None:
        switch = self.query_one("#share-switch", Switch)
        with switch.prevent(Switch.Changed):
            switch.value = False
        self.query_one("#share-status", Static).update(Text(message, style="bold"))
