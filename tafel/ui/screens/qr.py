"""The QR code on the whole screen, to turn the laptop towards the table: code, URL, nothing else.

It fits 80×24 for a URL of up to 100 characters (half blocks); on a larger terminal it is drawn
twice as large, which phones read from further away. The URL is for who cannot scan: it is typed,
so it is shown whole, on one line where it fits, else broken where a reader sees it goes on
(``url_lines``); beside the code when there is no room under it (a longer, published address
makes a code as high as 80×24).
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
from tafel.ui.widgets.qr_view import QRView, fitting, size_of, url_lines

SIDE_COLUMNS = 4  # the white margin either side (part of the quiet zone)
GAP = 2  # columns between the code and the URL beside it
MIN_BESIDE = 26  # columns the URL needs beside the code: a share token and its slash (25) are never cut


class QRScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [Binding("escape,q", "close", "tui.keys.close")]

    def __init__(self, code: str, url: str, *, sharing_off: bool = False) -> None:
        super().__init__()
        self.code, self.url = code, url
        self.sharing_off = sharing_off  # the code points at this laptop, which does not serve it now

    def compose(self) -> ComposeResult:
        code, _, _ = self.laid_out(self.app.size.width, self.app.size.height)
        with Middle(id="qr-page"):
            with Center(id="qr-row"):
                yield QRView(code, id="qr-big")
                yield Static(id="qr-url-beside")
            yield Static(id="qr-url")
            if self.sharing_off:
                yield Static(Text(t("tui.qr.sharing_off"), justify="center"), id="qr-off")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show(*self.laid_out(self.app.size.width, self.app.size.height))

    def laid_out(self, width: int, height: int) -> tuple[str, bool, list[str]]:
        """The code as large as the screen allows; whether the URL goes beside it; the URL's lines.

        Under the code the URL has the screen's width; where code and URL are higher than the
        screen (under them the note and the key bar), the URL goes beside the half-block code."""
        off_lines = -(-len(t("tui.qr.sharing_off")) // max(width, 1)) if self.sharing_off else 0
        room = height - off_lines - 1
        under = url_lines(self.url, width - 2)
        code = fitting(self.code, width - SIDE_COLUMNS, room - len(under))
        if size_of(code)[1] + len(under) <= room:
            return code, False, under
        side = width - size_of(self.code)[0] - SIDE_COLUMNS - GAP
        beside = url_lines(self.url, side)
        if side >= MIN_BESIDE and len(beside) <= room:
            return self.code, True, beside
        return code, False, under  # a terminal smaller than 80×24: under, as far as it shows

    def show(self, code: str, beside: bool, lines: list[str]) -> None:
        view = self.query_one("#qr-big", QRView)
        if code != view.code:
            view.show(code)
        text = Text("\n".join(lines), style="bold", no_wrap=True)  # centred under the code, beside at the left (tcss)
        side, under = self.query_one("#qr-url-beside", Static), self.query_one("#qr-url", Static)
        side.display, under.display = beside, not beside
        (side if beside else under).update(text)
        if beside:  # as high as the code, the URL in its middle
            side.styles.height = size_of(code)[1]
            side.styles.width = max(len(line) for line in lines) + GAP

    def on_resize(self, event: events.Resize) -> None:
        self.show(*self.laid_out(event.size.width, event.size.height))

    def action_close(self) -> None:
        self.app.pop_screen()
