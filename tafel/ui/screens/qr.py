"""The QR code on the whole screen, to turn the laptop towards the table: code, URL, nothing else.

It fits 80×24 for a URL of up to 100 characters (half blocks); on a larger terminal it is drawn
twice as large, which phones read from further away.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.widgets import Static

from tafel.i18n import t
from tafel.ui.screens.base import TafelScreen
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.qr_view import QRView, fitting

SIDE_COLUMNS = 4  # the white margin either side (part of the quiet zone)


class QRScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [Binding("escape,q", "close", "tui.keys.close")]

    def __init__(self, code: str, url: str, *, sharing_off: bool = False) -> None:
        super().__init__()
        self.code, self.url = code, url
        self.sharing_off = sharing_off  # the code points at this laptop, which does not serve it now

    def compose(self) -> ComposeResult:
        with Middle(id="qr-page"):
            with Center():
                yield QRView(self.fitted(self.app.size.width, self.app.size.height), id="qr-big")
            yield Static(Text(self.url, style="bold", justify="center"), id="qr-url")
            if self.sharing_off:
                yield Static(Text(t("tui.qr.sharing_off"), justify="center"), id="qr-off")
        yield KeyBar()

    def fitted(self, width: int, height: int) -> str:
        """The code as large as the screen allows under it the URL (wrapped), the note and the key bar."""
        url_lines = -(-len(self.url) // max(width, 1))
        off_lines = -(-len(t("tui.qr.sharing_off")) // max(width, 1)) if self.sharing_off else 0
        return fitting(self.code, width - SIDE_COLUMNS, height - url_lines - off_lines - 1)

    def on_resize(self, event: events.Resize) -> None:
        code = self.fitted(event.size.width, event.size.height)
        view = self.query_one("#qr-big", QRView)
        if code != view.code:
            view.show(code)

    def action_close(self) -> None:
        self.app.pop_screen()
