"""Ctrl+Q typed right behind the key that opens a table arrives while its screen is still being
built. Textual ending the app then took the screen apart under its own widgets' mount handlers,
and tafel stopped with an error instead of quitting."""

from __future__ import annotations

from tafel.canvases import Library
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, until


async def test_ctrl_q_typed_behind_opening_a_table_quits_cleanly(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        app.action_quit()  # what Ctrl+Q runs; on a busy laptop it comes before the screen stands
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
