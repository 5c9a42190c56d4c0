"""A round's whole prompt, with its zones' hints: what a short terminal folds away in the header."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tafel.domain.canvas import Round
from tafel.i18n import t
from tafel.ui.screens.base import TafelModal


def prompt_text(rnd: Round, table_title: str) -> Text:
    """The round as the moderator reads it aloud: title, the table, the whole prompt, the zones."""
    out = Text()
    out.append(rnd.title, style="bold")
    out.append("  ·  " + table_title, style="dim")
    out.append("\n\n")
    out.append(rnd.prompt, style="italic")
    for zone in rnd.zones:
        out.append("\n\n")
        out.append(zone.title, style="bold")
        if zone.hint:
            out.append("\n" + zone.hint)
    return out


class PromptDialog(TafelModal):
    BINDINGS: ClassVar[list[Any]] = [Binding("escape,enter,f6", "close", "tui.keys.close")]

    def __init__(self, rnd: Round, table_title: str) -> None:
        super().__init__()
        self.rnd, self.table_title = rnd, table_title

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="prompt-dialog"):
            yield Static(prompt_text(self.rnd, self.table_title), id="prompt-whole")
            yield Static(t("tui.round.prompt_close"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
