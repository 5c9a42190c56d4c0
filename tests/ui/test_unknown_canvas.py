"""A table whose canvas is not on this laptop (imported from another) opens, shows, exports, resumes.

It used to crash the app when opened, and at every start after, when it was the table open last.
The table's own rounds and zones make a canvas to show it with (``tafel.domain.fallback``).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.screens.base import TableScreen
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.overview import OverviewScreen
from tafel.ui.screens.start import StartScreen
from tests.factories import fill_table
from tests.ui.helpers import make_app, notices, ready
from tests.ui.screen_image import screen_text

CANVAS = "sturingsfilosofie"
LINE = "Canvas 'sturingsfilosofie' is niet bekend op deze laptop; de tafel kan worden bekeken en geëxporteerd"


def elsewhere(library: Library) -> Library:
    """This laptop: every shipped canvas but the table's."""
    return Library({k: c for k, c in library.canvases.items() if k != CANVAS})


async def test_a_table_with_an_unknown_canvas_opens_from_the_list_shows_and_exports(
    store: Store, library: Library
) -> None:
    table_id = fill_table(store, library, notes=12)
    table = store.get_table(table_id)
    here = elsewhere(library)
    app = make_app(store, here)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(app, pilot)
        assert "Tafel Utrecht" in screen_text(app) and CANVAS in screen_text(app)
        await pilot.press("enter")  # open the table from the list
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert any(LINE in message for message in notices(app))
        # Every step opens and shows what was written.
        for step in app.moderation.session.table_view().steps()[1:]:
            await pilot.press("f4")
            await pilot.pause()
            assert app.step == step and app.is_running
        assert isinstance(app.screen, ClosingScreen)
        shown = screen_text(app)
        for text in ("Deelnemer 1", table.items_of(kind="advice")[0].text, "Notitie 0"):
            assert text in shown
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert "canvas niet bekend op deze laptop" in screen_text(app) and "Notitie 0" in screen_text(app)
        await pilot.press("escape", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#export-status", Static).render())
        assert status.startswith("Geëxporteerd naar"), status
        folder = Path(status.splitlines()[0].split(" naar ", 1)[1])
        assert (folder / "table.json").exists() and (folder / "summary.pdf").exists()
        await pilot.press("f9")  # back to the list: it still works
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and "Tafel Utrecht" in screen_text(app)


async def test_the_last_table_open_with_an_unknown_canvas_resumes_at_start(
    file_store: Store, library: Library
) -> None:
    table_id = fill_table(file_store, library, notes=6)
    notes = next(r.id for r in library.get(CANVAS).rounds if r.kind == "notes")
    app = make_app(file_store, library)
    async with app.run_test(size=(120, 40)) as pilot:  # opened last where the canvas was known
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        await pilot.press("ctrl+q")
    for _ in range(2):  # and started twice on a laptop without it
        app = make_app(file_store, elsewhere(library))
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(app, pilot)
            await pilot.pause()
            assert app.is_running and app.step == notes and isinstance(app.screen, TableScreen)
            assert "Notitie 0" in screen_text(app)
            await pilot.press("ctrl+q")
