"""Issue 12: dates are shown as people of the language write them (27-11-2026 in Dutch)."""

from __future__ import annotations

import pytest

from tafel import i18n
from tafel.canvases import Library
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_text


@pytest.mark.parametrize(("lang", "day"), [("nl", "12-06-2023"), ("en", "2023-06-12")])
async def test_the_tables_list_and_closing_show_the_languages_date(
    store: Store, library: Library, lang: str, day: str
) -> None:
    i18n.set_language(lang)
    table_id = fill_table(store, library, participants=1, notes=0, date="2023-06-12")
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        assert day in screen_text(app)
        app.open_table(table_id, "closing")
        await pilot.pause()
        assert day in screen_text(app)
