"""The start screen lays out its list again when the terminal is resized, once the store is open.

(It asked the use cases for a ``library`` they no longer had: a resize ended the app. mypy found it.)
"""

from __future__ import annotations

from textual.widgets import DataTable

from tafel.canvases import Library
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready


async def test_a_resize_after_the_store_opened_keeps_the_list(store: Store, library: Library) -> None:
    fill_table(store, library, title="Tafel Zwolle")
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        assert app.desk.moderation is not None
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert app.return_code is None and app.is_running
        table = app.screen.query_one("#tables", DataTable)
        assert table.row_count == 1 and "Tafel Zwolle" in " ".join(map(str, table.get_row_at(0)))
