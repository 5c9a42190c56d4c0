"""The canvas overview (F2 from anywhere): every round with every card in its zone, at a glance.

The board is one widget (``CanvasBoard``); the screen is kept per open table and only drawn
again when the table was edited since it was last shown.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tafel.domain.dates import shown_iso
from tafel.i18n import get_language, t
from tafel.services.session import TableView
from tafel.ui.screens.base import TafelScreen
from tafel.ui.widgets.canvas_board import CanvasBoard
from tafel.ui.widgets.key_bar import KeyBar


class OverviewScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [Binding("escape,f2", "close", "tui.keys.close")]

    def __init__(self, view: TableView, revision: int = -1) -> None:
        super().__init__()
        self.view, self.revision = view, revision

    def compose(self) -> ComposeResult:
        yield Static(self.head(), id="overview-head", classes="screen-title")
        with VerticalScroll(id="overview"):
            yield CanvasBoard(self.view, id="board")
        yield KeyBar()

    def head(self) -> Text:
        table, canvas = self.view.table, self.view.canvas
        out = Text()
        out.append(t("tui.overview.title", title=table.title), style="bold")
        out.append(f"  ·  {canvas.name}  ·  {shown_iso(table.date, get_language())}  ·  " +
                   t("tui.overview.participants", n=len(table.participants)), style="dim")
        if not self.view.canvas_known:
            out.append(f"  ·  {t('tui.unknown_canvas.short')}", style="italic")
        return out

    def show(self, view: TableView, revision: int) -> None:
        """Draw the table again, if it changed since this screen last showed it."""
        if revision == self.revision:
            return
        self.view, self.revision = view, revision
        if self.is_mounted:
            self.query_one("#overview-head", Static).update(self.head())
            self.query_one(CanvasBoard).show(view)

    def action_close(self) -> None:
        self.app.pop_screen()
