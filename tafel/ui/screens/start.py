"""The first screen: the tables in the database, most recently changed first.

It imports nothing heavy: the app fills it once the store is open (a worker thread).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tafel.domain.dates import shown_iso
from tafel.i18n import get_language, t
from tafel.ui.messages import OpenTable
from tafel.ui.screens.base import TafelScreen, calm
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.typing import Typed, handed

if TYPE_CHECKING:
    from tafel.canvases import Library
    from tafel.domain.table import TableSummary


def when(iso: str) -> str:
    """A last-change time as "2023-06-12 14:03" (local time)."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]


COLUMNS = ("title", "date", "canvas", "round", "changed")
FLEXIBLE = (0, 2, 3)  # title, canvas and round give way; the dates keep their width
MIN_FLEXIBLE = 8


def column_widths(labels: list[str], rows: list[tuple[str, ...]], width: int) -> list[int]:
    """Each column's width so that all of them fit ``width`` cells: the longest texts give way first."""
    from rich.cells import cell_len

    natural = [max([cell_len(label)] + [cell_len(r[i]) for r in rows]) for i, label in enumerate(labels)]
    room = width - 2 * len(labels) - 2  # a cell's padding each side, and the scrollbar
    widths = list(natural)
    while sum(widths) > room:
        i = max(FLEXIBLE, key=lambda j: widths[j])
        if widths[i] <= MIN_FLEXIBLE:
            break
        widths[i] -= 1
    return widths


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
        self.library: Library | None = None  # the canvases, for their names (before the store is open too)
        # Keys typed after n, before the new-table form has the focus: its title (see on_key).
        self._for_form: list[Typed] | None = None
        self._form_ready = False

    def compose(self) -> ComposeResult:
        yield Static(t("tui.start.title"), id="start-title", classes="screen-title")
        yield Static(t("tui.start.loading"), id="start-empty", classes="hint")
        table: DataTable[str] = DataTable(id="tables", cursor_type="row", zebra_stripes=True)
        table.display = False
        yield table
        yield KeyBar()

    def show_tables(self, tables: list[TableSummary], library: Library | None = None) -> None:
        """The list; ``library`` gives the canvases' names while the store is still being opened."""
        self.tables = tables
        m = self.desk.moderation
        self.library = library or (m.workspace.library if m else self.library)
        table = self.query_one("#tables", DataTable)
        keep = self.selected_table()
        rows: list[tuple[str, ...]] = []
        for s in tables:
            canvas = self.library.find(s.canvas) if self.library else None
            rnd = canvas.round(s.current_round) if canvas and s.current_round else None
            day = shown_iso(s.date, get_language())  # 27-11-2026 in Dutch, as people write it
            rows.append((s.title, day, canvas.name if canvas else s.canvas, rnd.title if rnd else "–",
                         when(s.updated_at)))
        labels = [t(f"tui.start.col.{key}") for key in COLUMNS]
        widths = column_widths(labels, rows, self.size.width or self.app.size.width)
        table.clear(columns=True)
        for key, label, width in zip(COLUMNS, labels, widths, strict=True):
            table.add_column(label, key=key, width=width)
        for s, cells in zip(tables, rows, strict=True):
            # a DataTable reads a str cell as markup; a long title ends in "…" so every column shows
            table.add_row(*(Text(c, no_wrap=True, overflow="ellipsis") for c in cells), key=s.id)
        table.display = bool(tables)
        empty = self.query_one("#start-empty", Static)
        empty.update(t("tui.start.empty"))
        empty.display = not tables
        if tables:
            ids = [s.id for s in tables]
            table.move_cursor(row=ids.index(keep) if keep in ids else 0)
            table.focus()

    def on_resize(self, event: events.Resize) -> None:
        if self.tables:  # the columns fit the new width
            self.show_tables(self.tables)

    def _still_loading(self) -> bool:
        """The list can show before the store is open (``storage.start_list``): acting waits for it."""
        if self.desk.moderation is None:
            self.notify(t("tui.start.loading"))
            return True
        return False

    def reload(self) -> None:
        if self.desk.moderation is not None:
            self.show_tables(self.desk.moderation.session.list_tables())

    def selected_table(self) -> str | None:
        table = self.query_one("#tables", DataTable)
        if not self.tables or table.cursor_row is None or table.cursor_row >= len(self.tables):
            return None
        return self.tables[table.cursor_row].id

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_resume()

    def on_key(self, event: events.Key) -> None:
        """n, and the title typed on at once: the title's keys reach this screen before the form is
        there (n acts once its key has gone round), and were lost. n acts at its key here; the keys
        after it are held for the form, and handed to it once its title field has the focus."""
        if self._for_form is not None:
            self._keep_for_form(event)
        elif event.key == "n":
            event.stop()
            event.prevent_default()
            self.action_new()

    def on_paste(self, event: events.Paste) -> None:
        """A title pasted right after n: for the form, with the keys around it."""
        if self._for_form is not None:
            self._keep_for_form(event)

    def _keep_for_form(self, event: Typed) -> None:
        assert self._for_form is not None
        event.stop()
        event.prevent_default()
        typed = handed(event)
        if self._form_ready:
            self.app.post_message(typed)
        else:
            self._for_form.append(typed)

    def _hand_over(self) -> None:
        """The form's title field has the focus: the keys typed after n, to the app as if typed now."""
        held, self._form_ready = self._for_form or [], True
        for key in held:
            self.app.post_message(key)
        held.clear()

    def on_screen_resume(self) -> None:
        self._for_form, self._form_ready = None, False

    def action_new(self) -> None:
        from tafel.ui.screens.new_table import NewTableScreen

        if self._still_loading():
            return
        self._for_form, self._form_ready = [], False
        self.app.push_screen(NewTableScreen(ready=self._hand_over))

    def action_resume(self) -> None:
        table_id = self.selected_table()
        if table_id and not self._still_loading():
            self.post_message(OpenTable(table_id))

    def action_delete(self) -> None:
        from tafel.ui.dialogs.confirm import ConfirmDialog

        table_id = self.selected_table()
        if table_id is None or self._still_loading():
            return
        title = next(s.title for s in self.tables if s.id == table_id)

        @calm
        def done(_: StartScreen, yes: bool | None) -> None:
            if yes and self.desk.moderation:
                self.desk.moderation.session.delete_table(table_id)
                self.notify(t("tui.start.deleted", title=title))
                self.reload()

        self.app.push_screen(ConfirmDialog(t("tui.start.confirm_delete", title=title)), functools.partial(done, self))

    def action_export(self) -> None:
        table_id = self.selected_table()
        if table_id and not self._still_loading():
            self.notify(t("tui.closing.exporting"))
            self.export(table_id)

    @work(thread=True, group="export")
    def export(self, table_id: str) -> None:
        m = self.desk.moderation
        assert m is not None
        try:
            result = m.exports.export(table_id)
        except Exception as exc:  # one line for the moderator, never a traceback; the cause in the log
            from tafel.crashlog import note_error

            note_error(exc, "tui: export from the start screen")
            self.app.call_from_thread(self.notify, t("tui.closing.export_failed", error=str(exc)),
                                      severity="error")
            return
        self.app.call_from_thread(self.notify, t("tui.closing.exported", folder=result.folder))
