"""The tension dialog by the keyboard alone: pole, Enter, pole, Enter, note, Enter, tags, Enter.

Enter in the second pole went on to the note with a query for a one-line field; the note is a
field of several lines, and the app stopped (WrongType)."""

from __future__ import annotations

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.dialogs.note import NoteDialog
from tafel.ui.widgets.lines_input import LinesInput
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, until, write
from tests.ui.test_form_typed_ahead import burst, typed


async def test_enter_goes_through_every_field_of_a_new_tension(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=1, notes=0)
    app = make_app(store, library)
    results: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id)
        await pilot.pause()
        app.push_screen(NoteDialog(None, tension=True), results.append)
        await pilot.pause()
        await write(pilot, "regels")
        await pilot.press("enter")
        await write(pilot, "ruimte")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, LinesInput) and app.focused.id == "text"  # not the app stopped
        await write(pilot, "Wie mag afwijken?")
        await pilot.press("enter")
        await write(pilot, "lef")
        await pilot.press("enter")
        await pilot.pause()
        assert app.crash_log is None and not isinstance(app.screen, NoteDialog)
        assert results and results[0] is not None


async def test_a_tension_typed_ahead_keeps_each_pole_in_its_field(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=1, notes=0)
    app = make_app(store, library)
    results: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id)
        await pilot.pause()
        app.push_screen(NoteDialog(None, tension=True), results.append)
        await pilot.pause()
        burst(app, *typed("regels"), "enter", *typed("ruimte"), "enter", *typed("Wie mag afwijken?"), "enter",
              *typed("lef"), "enter")
        await until(pilot, lambda: bool(results))
        assert isinstance(results[0], dict)
        assert results[0]["between"] == ["regels", "ruimte"]
        assert (results[0]["text"], results[0]["tags"]) == ("Wie mag afwijken?", ["lef"])
