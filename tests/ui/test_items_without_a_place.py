"""Issue 9: items a canvas has no place for (a round it does not have, a kind its round does not
show) came in by import and were shown nowhere on screen. Now the overview and the closing
summary list them under their round (the kind's heading, as the PDF does)."""

from __future__ import annotations

from tafel.canvases import Library
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_text


async def test_items_in_unknown_rounds_and_odd_kinds_show_on_screen(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    canvas = library.get("sturingsfilosofie")
    advice = next(r.id for r in canvas.rounds if r.kind == "advice")
    store.add_item(table_id, round="werksessie-oud", kind="concept", text="Een ronde van een ouder canvas")
    store.add_item(table_id, round=advice, kind="value", value="moed", text="Een kaart [b]in[/b] het advies")
    app = make_app(store, library)
    async with app.run_test(size=(160, 60)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "closing")
        await pilot.pause()
        shown = screen_text(app)
        assert "Ronde 'werksessie-oud' (niet op dit canvas)" in shown
        assert "Een ronde van een ouder canvas" in shown
        # The card lies in the advice round, under its kind's heading, as in the PDF (domain.summary).
        advice_at = shown.index(next(r.title for r in canvas.rounds if r.kind == "advice"))
        assert advice_at < shown.index("Waarden", advice_at) < shown.index("Een kaart [b]in[/b] het advies")
        await pilot.press("f2")
        await pilot.pause()
        shown = screen_text(app)
        assert "Een ronde van een ouder canvas" in shown and "Een kaart [b]in[/b] het advies" in shown
