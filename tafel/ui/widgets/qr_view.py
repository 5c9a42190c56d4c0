"""A QR code drawn with half blocks, always dark on white so a phone can scan it on any theme."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class QRView(Static):
    def __init__(self, code: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="qr")
        self.code = code

    def on_mount(self) -> None:
        self.show(self.code)

    def show(self, code: str) -> None:
        self.code = code
        self.display = bool(code)
        # The style is set on the text too: a theme can restyle the widget, not the characters.
        self.update(Text(code, style="black on white", no_wrap=True))
