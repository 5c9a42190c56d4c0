"""Ctrl+Q typed right behind the key that opens a table arrives while its screen is still being
built. Textual ending the app then took the screen apart under its own widgets' mount handlers,
and tafel stopped with an error instead of quitting."""

from __future__ import annotations

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.widgets.lines_input import LinesInput
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, until
from tests.ui.test_form_typed_ahead import burst, open_form, typed


async def test_ctrl_q_typed_behind_opening_a_table_quits_cleanly(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        app.action_quit()  # what Ctrl+Q runs; on a busy laptop it comes before the screen stands
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_ctrl_q_typed_right_behind_the_form_keeps_the_table(store: Store, library: Library) -> None:
    """The whole form typed at once, then Ctrl+Q: the keys after the last Enter waited for the table
    while Ctrl+Q, a key the app acts on first, quit before the form was handled. The table was lost."""
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot)
        burst(app, *typed("Tafel Een"), "enter", *typed("Dialoog"), "enter", *typed("12-6-2023"), "enter",
              *typed("Utrecht"), "enter", *typed("Mira"), "enter", "ctrl+q")
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert [t.title for t in store.list_tables()] == ["Tafel Een"]


async def test_ctrl_q_typed_right_behind_notes_keeps_every_note(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=1, notes=0)
    notes = next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await until(pilot, lambda: isinstance(app.focused, LinesInput))
        burst(app, *typed("Vertrouwen"), "enter", *typed("Regels"), "enter", "ctrl+q")
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert [i.text for i in store.get_table(table_id).items_of(notes)] == ["Vertrouwen", "Regels"]
