"""Yes or no, with the question in one line."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tafel.i18n import t
from tafel.ui.screens.base import TafelModal


class ConfirmDialog(TafelModal):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("y,j", "answer(True)", "tui.keys.yes"),
        Binding("n,escape", "answer(False)", "tui.keys.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("tui.dialog.yes"), id="yes", variant="error")
                yield Button(t("tui.dialog.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
