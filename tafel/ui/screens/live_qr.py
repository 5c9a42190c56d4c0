"""F8 on every step of an open table: the QR code of the table's live page, for the phones at the table.

The live page is served by the share server on this laptop (the closing screen's share switch);
when sharing is off this screen says so, and Enter (or the button) switches it on here — the
same server start as the switch. Under the code: its address, and the presentation view's
address for a TV or projector (``?view=screen``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.widgets import Button, Static

from tafel.i18n import t
from tafel.ui.screens.base import TafelScreen
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.qr_view import QRView, fitting, halfblocks

if TYPE_CHECKING:
    from tafel.ui.desk import Desk

TEXT_LINES = 3  # under the code: the address, the screen's address, a hint


def live_url(desk: Desk, table_id: str) -> str | None:
    """The table's live page while sharing is on (the share server's address and the table's token)."""
    server = desk.sharing.server
    if server is None or not server.running or not server.url:
        return None
    assert desk.moderation is not None
    return f"{server.url}/{desk.moderation.session.share_token(table_id)}/"


class LiveQRScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [Binding("escape,q,f8", "close", "tui.keys.close")]

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.url = ""
        self.code = ""

    def compose(self) -> ComposeResult:
        with Middle(id="qr-page"):
            with Center():
                yield QRView(id="qr-big")
            yield Static("", id="qr-url")
            with Center():
                yield Button(t("tui.live.share_on"), id="live-share", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.show_state()

    def show_state(self) -> None:
        """The code when sharing, else what to do about it."""
        url = live_url(self.desk, self.table_id)
        button = self.query_one("#live-share", Button)
        if url is None:
            self.query_one("#qr-big", QRView).show("")
            self.query_one("#qr-url", Static).update(Text(t("tui.live.off"), justify="center"))
            button.display = True
            button.focus()
            return
        button.display = False
        self.url = url
        self.code = halfblocks(self.url)
        self.fit(self.app.size.width, self.app.size.height)
        out = Text(justify="center")
        out.append(self.url, style="bold")
        out.append("\n" + t("tui.live.screen", url=f"{self.url}?view=screen"))
        out.append("\n" + t("tui.live.hint"), style="dim")
        self.query_one("#qr-url", Static).update(out)

    def fit(self, width: int, height: int) -> None:
        if self.code:
            url_lines = TEXT_LINES + 2 * (-(-len(self.url) // max(width, 1)))
            self.query_one("#qr-big", QRView).show(fitting(self.code, width - 4, height - url_lines - 1))

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "live-share":
            event.stop()
            self.query_one("#qr-url", Static).update(Text(t("tui.closing.share_starting"), justify="center"))
            self.start_sharing()

    @work(thread=True, exclusive=True, group="share")
    def start_sharing(self) -> None:
        """The share switch's own start (tafel.ui.share_control.Sharing.start), off the UI thread."""
        try:
            self.desk.sharing.start(self.moderation)
        except Exception as exc:  # one line on screen, the cause in the log: the moderator goes on
            from tafel.crashlog import note_error
            from tafel.ui.screens.closing import one_line

            note_error(exc, "tui: sharing started from the live code")
            self.app.call_from_thread(self.failed, one_line(exc))
            return
        self.app.call_from_thread(self.show_state)

    def failed(self, message: str) -> None:
        self.query_one("#qr-url", Static).update(Text(message, style="bold", justify="center"))

    def action_close(self) -> None:
        self.app.pop_screen()
