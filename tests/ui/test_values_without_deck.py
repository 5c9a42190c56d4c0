"""A canvas whose values round has no deck: it loads (``tafel canvas check`` warns), and the moderator
types each participant's card as their own; nothing to pick from, nothing refused."""

from __future__ import annotations

import dataclasses

from tafel.canvases import Library
from tafel.domain.canvas import canvas_warnings
from tafel.storage.repository import Store
from tafel.ui.screens.values import ValuesScreen
from tests.ui.helpers import make_app, ready, write


async def test_cards_are_typed_freely_when_the_canvas_has_no_deck(store: Store, library: Library) -> None:
    shipped = library.get("sturingsfilosofie")
    canvas = dataclasses.replace(shipped, deck=())
    assert [w.code for w in canvas_warnings(canvas)] == ["values_without_deck"]
    bare = Library({canvas.id: canvas})
    table_id = store.create_table(title="Zonder kaarten", canvas=canvas.id, canvas_version=canvas.version,
                                  date="2023-06-12", language="nl")
    store.add_participant(table_id, name="Anna", sector=canvas.sectors[0], consent=True)
    values = next(r.id for r in canvas.rounds if r.kind == "values")
    app = make_app(store, bare)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        assert isinstance(app.screen, ValuesScreen)
        assert app.focused is not None and app.focused.id == "card-input"
        await write(pilot, "Eerlijkheid")
        await pilot.press("enter")
        await pilot.pause()
        (item,) = store.get_table(table_id).items_of(values)
        assert item.value == "Eerlijkheid"
        assert app.focused is not None and app.focused.id == "motivation"
