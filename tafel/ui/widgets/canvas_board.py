"""The whole canvas as one widget: every round in a panel, every card in its zone, as on the table.

One widget drawing Rich renderables, not a widget per round and zone: the overview opens from
anywhere with one key, and a table of 60 notes must not cost a hundred widgets to show. Rounds
lie in as many columns as the width allows (one at 80, three at 200); a notes round spans the
whole width with its zones side by side.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table as Grid
from rich.text import Text
from textual import events
from textual.widgets import Static

from tafel.domain.summary import Part
from tafel.services.session import TableView
from tafel.ui.widgets.round_text import group_text, part_text, table_summary

COLUMN_WIDTH = 60  # characters a round's panel needs to be comfortable


def columns_for(width: int) -> int:
    return max(1, min(3, width // COLUMN_WIDTH))


def _panel(body: RenderableType, title: str) -> Panel:
    return Panel(body, title=Text(title, style="bold"), title_align="left", box=box.ROUNDED,
                 border_style="dim", padding=(0, 1))


def _row(panels: list[Panel], columns: int) -> Grid:
    grid = Grid.grid(expand=True, padding=(0, 1))
    for _ in range(columns):
        grid.add_column(ratio=1)
    grid.add_row(*panels)
    return grid


def board(view: TableView, width: int) -> Group:
    """The canvas of ``view`` laid out for ``width`` columns of text: the table's summary, round by
    round (rounds the canvas lacks last, under their id)."""
    columns = columns_for(width)
    rows: list[RenderableType] = []
    pending: list[Panel] = []
    for n, part in enumerate(table_summary(view.table, view.canvas).parts, 1):
        title = f"{n}. {part.title}" if part.known else part.title
        if part.kind == "notes" and part.known:
            if pending:  # a short row before a notes round shares the width among its panels
                rows.append(_row(pending, len(pending)))
                pending = []
            rows.append(_panel(_zones(part), title))
        else:
            pending.append(_panel(part_text(part), title))
            if len(pending) == columns:
                rows.append(_row(pending, columns))
                pending = []
    if pending:
        rows.append(_row(pending, len(pending)))
    return Group(*rows)


def _zones(part: Part) -> Grid:
    """A notes round's zones side by side (notes without a place after them, by kind)."""
    zones = Grid.grid(expand=True, padding=(0, 2))
    for _ in part.groups:
        zones.add_column(ratio=1)
    zones.add_row(*(group_text(g) for g in part.groups))
    return zones


class CanvasBoard(Static):
    DEFAULT_CSS = """
    CanvasBoard {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, view: TableView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self._width = 0

    def show(self, view: TableView) -> None:
        self.view = view
        self._draw(self.app.size.width)

    def on_mount(self) -> None:
        self._draw(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if columns_for(self.app.size.width) != columns_for(self._width):
            self._draw(self.app.size.width)

    def _draw(self, width: int) -> None:
        self._width = width
        self.update(board(self.view, width - 2))
