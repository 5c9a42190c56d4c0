"""The top line of a step: table title, where we are (step k of n), and for rounds the prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from tafel.i18n import t
from tafel.ui.sync_status import sync_line

if TYPE_CHECKING:
    from tafel.services.session import TableView


class StepHeader(Static):
    def __init__(self, view: TableView, step: str) -> None:
        super().__init__(classes="step-header")
        self.view, self.step = view, step

    def on_mount(self) -> None:
        self.update(self.render_header())
        self.set_interval(1.0, lambda: self.update(self.render_header()))  # the sync status may change

    def render_header(self) -> Text:
        out = Text()
        out.append(t(f"tui.steps.{self.step}"), style="bold")
        out.append("  ·  " + self.view.table.title, style="dim")
        out.append(sync_line(self.app), style="dim")
        return out
