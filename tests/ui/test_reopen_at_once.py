"""Closing a table and opening one at once (keys typed ahead on a slow laptop: F9, then Enter on
the list before the screen has been drawn again) must not leave the closed table's screens
registered: the next visit of a step built them anew under the same name, and the app stopped."""

from __future__ import annotations

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.screens.base import TableScreen
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready


async def test_a_table_opened_before_the_closed_ones_screens_went_shows_every_step(
    store: Store, library: Library
) -> None:
    first = fill_table(store, library, participants=3, notes=2, title="Tafel Een")
    second = fill_table(store, library, participants=3, notes=2, title="Tafel Twee")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        for table_id, again in ((first, second), (second, second)):  # another table, and the same one again
            app.open_table(table_id, "closing")
            await pilot.pause()
            await app.workers.wait_for_complete()
            app.close_table()
            app.open_table(again, "closing")  # in the same moment: no refresh in between
            await pilot.pause()
            assert app.moderation is not None
            for step in app.moderation.session.table_view().steps():
                app.go_to(step)
                await pilot.pause()
                assert isinstance(app.screen, TableScreen) and app.screen.table_id == again
            app.close_table()
            await pilot.pause()
