"""The first screen: the tables in the database, most recently changed first.

It imports nothing heavy: the app fills it once the store is open (a worker thread).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tafel.i18n import t
from tafel.ui.screens.base import TafelScreen, calm
from tafel.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tafel.domain.table import TableSummary


def when(iso: str) -> str:
    """A last-change time as "2023-06-12 14:03" (local time)."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]


class StartScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("n", "new", "tui.keys.new_table"),
        Binding("enter", "resume", "tui.keys.resume", show=True, priority=False),
        Binding("e", "export", "tui.keys.export"),
        Binding("delete,d", "delete", "tui.keys.delete"),
    ]
    PALETTE = (("new", "tui.palette.new_table"), ("export", "tui.palette.export"))

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[TableSummary] = []

    def compose(self) -> ComposeResult:
        yield Static(t("tui.start.title"), id="start-title", classes="screen-title")
        yield Static(t("tui.start.loading"), id="start-empty", classes="hint")
        table: DataTable[str] = DataTable(id="tables", cursor_type="row", zebra_stripes=True)
        table.display = False
        yield table
        yield KeyBar()

    def show_tables(self, tables: list[TableSummary]) -> None:
        self.tables = tables
        table = self.query_one("#tables", DataTable)
        if not table.columns:
            for key in ("title", "date", "canvas", "round", "changed"):
                table.add_column(t(f"tui.start.col.{key}"), key=key)
        keep = self.selected_table()
        table.clear()
        m = self.tafel.moderation
        for s in tables:
            canvas = m.library.find(s.canvas) if m else None
            rnd = canvas.round(s.current_round) if canvas and s.current_round else None
            cells = (s.title, s.date, canvas.name if canvas else s.canvas, rnd.title if rnd else "–",
                     when(s.updated_at))
            table.add_row(*(Text(c) for c in cells), key=s.id)  # a DataTable reads a str cell as markup
        table.display = bool(tables)
        empty = self.query_one("#start-empty", Static)
        empty.update(t("tui.start.empty"))
        empty.display = not tables
        if tables:
            ids = [s.id for s in tables]
            table.move_cursor(row=ids.index(keep) if keep in ids else 0)
            table.focus()

    def reload(self) -> None:
        if self.tafel.moderation is not None:
            self.show_tables(self.tafel.moderation.list_tables())

    def selected_table(self) -> str | None:
        table = self.query_one("#tables", DataTable)
        if not self.tables or table.cursor_row is None or table.cursor_row >= len(self.tables):
            return None
        return self.tables[table.cursor_row].id

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_resume()

    def action_new(self) -> None:
        from tafel.ui.screens.new_table import NewTableScreen

        if self.tafel.moderation is None:
            self.notify(t("tui.start.loading"))
            return
        self.app.push_screen(NewTableScreen())

    def action_resume(self) -> None:
        table_id = self.selected_table()
        if table_id:
            self.tafel.open_table(table_id)

    def action_delete(self) -> None:
        from tafel.ui.dialogs.confirm import ConfirmDialog

        table_id = self.selected_table()
        if table_id is None:
            return
        title = next(s.title for s in self.tables if s.id == table_id)

        @calm
        def done(_: StartScreen, yes: bool | None) -> None:
            if yes and self.tafel.moderation:
                self.tafel.moderation.delete_table(table_id)
                self.notify(t("tui.start.deleted", title=title))
                self.reload()

        self.app.push_screen(ConfirmDialog(t("tui.start.confirm_delete", title=title)), functools.partial(done, self))

    def action_export(self) -> None:
        table_id = self.selected_table()
        if table_id:
            self.notify(t("tui.closing.exporting"))
            self.export(table_id)

    @work(thread=True, group="export")
    def export(self, table_id: str) -> None:
        m = self.tafel.moderation
        assert m is not None
        try:
            result = m.export(table_id)
        except Exception as exc:  # one line for the moderator, never a traceback
            self.app.call_from_thread(self.notify, t("tui.closing.export_failed", error=str(exc)),
                                      severity="error")
            return
        self.app.call_from_thread(self.notify, t("tui.closing.exported", folder=result.folder))
