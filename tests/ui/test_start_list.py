"""The start screen shows the tables before SQLAlchemy has loaded and the store is open (issue 13):
read by ``storage.start_list``; what the moderator does with the list waits for the store."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.start import StartScreen
from tests.factories import fill_table
from tests.ui.helpers import Clock, ready, until


def _rows(app: TafelApp) -> list[list[str]]:
    table = app.screen.query_one("#tables", DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)] if table.display else []


async def test_the_tables_show_while_the_store_is_still_opening(
    tafel_home: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_mod.load()
    store = Store.open(settings.db_url)
    fill_table(store, library, title="Tafel Utrecht")
    fill_table(store, library, title="Tafel Zwolle", date="2023-06-15")
    store.close()

    may_open = threading.Event()
    really_open = Store.open.__func__  # type: ignore[attr-defined]

    def slow_open(cls: type[Store], url: str, *args: Any, **kwargs: Any) -> Store:
        may_open.wait(10)  # as if SQLAlchemy were still being imported
        return really_open(cls, url, *args, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(slow_open))
    app = TafelApp(settings, clock=Clock(), blink=False, resume=False)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: _rows(app))
            assert app.moderation is None and not may_open.is_set()  # the store cannot be open yet
            rows = _rows(app)
            assert [r[0] for r in rows] == ["Tafel Zwolle", "Tafel Utrecht"]
            assert rows[0][2] == library.get("sturingsfilosofie").name  # the canvas by its name
            await pilot.press("enter")  # choosing a table waits for the store: said, nothing breaks
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            may_open.set()
            await ready(app, pilot)
            assert _rows(app) == rows  # the repository's list is the same
            await pilot.press("enter")
            await pilot.pause()
            assert app.table_id is not None and not isinstance(app.screen, StartScreen)
    finally:
        may_open.set()


def test_a_table_to_resume_opens_without_the_quick_list_flashing_by() -> None:
    """The app looks for the session file by name before the store (and moderation) can load."""
    from tafel.services import session
    from tafel.ui import app

    assert app.SESSION_FILE == session.SESSION_FILE
