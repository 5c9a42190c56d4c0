"""The top line of a step: table title, where we are (step k of n), and for rounds the prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from tafel.i18n import t

if TYPE_CHECKING:
    from tafel.services.moderation import TableView


class StepHeader(Static):
    def __init__(self, view: TableView, step: str) -> None:
        super().__init__(classes="step-header")
        self.view, self.step = view, step

    def on_mount(self) -> None:
        self.update(self.render_header())

    def render_header(self) -> Text:
        out = Text()
        out.append(t(f"tui.steps.{self.step}"), style="bold")
        out.append("  ·  " + self.view.table.title, style="dim")
        return out
