"""The canvas overview (F2 from anywhere): every round with every card in its zone, at a glance.

Rounds lie in a grid whose number of columns follows the terminal's width, so 80×24 shows one
column and 200×60 three; a notes round spans the whole width with its zones side by side.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from tafel.i18n import t
from tafel.services.moderation import TableView
from tafel.ui.screens.base import TafelScreen
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.round_text import round_text, zone_text

COLUMN_WIDTH = 60  # characters a round's panel needs to be comfortable


def columns_for(width: int) -> int:
    return max(1, min(3, width // COLUMN_WIDTH))


class OverviewScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [Binding("escape,f2", "close", "tui.keys.close")]

    def __init__(self, view: TableView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        table, canvas = self.view.table, self.view.canvas
        head = Text(t("tui.overview.title", title=table.title), style="bold")
        head.append(f"  ·  {canvas.name}  ·  {table.date}  ·  " +
                    t("tui.overview.participants", n=len(table.participants)), style="dim")
        yield Static(head, classes="screen-title")
        with VerticalScroll(), Vertical(id="overview"):
            for n, rnd in enumerate(canvas.rounds, 1):
                panel = Vertical(classes=f"ov-round ov-{rnd.kind}")
                panel.border_title = f"{n}. {rnd.title}"
                with panel:
                    if rnd.kind == "notes":
                        with Horizontal(classes="ov-zones"):
                            for zone in rnd.zones:
                                yield Static(zone_text(table, rnd, zone), classes="ov-zone")
                    else:
                        yield Static(round_text(table, rnd))
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        self.layout_columns(event.size.width)

    def on_mount(self) -> None:
        self.layout_columns(self.size.width)

    def layout_columns(self, width: int) -> None:
        cols = columns_for(width)
        grid = self.query_one("#overview")
        grid.styles.grid_size_columns = cols
        for panel in self.query(".ov-notes"):
            panel.styles.column_span = cols

    def action_close(self) -> None:
        self.app.pop_screen()
