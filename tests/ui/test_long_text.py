"""Long texts: a 10,000-character note is kept whole; a longer one is one calm line and loses nothing."""

from __future__ import annotations

from textual.widgets import TextArea

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.notes import NotesScreen
from tafel.ui.widgets.lines_input import LinesInput
from tests.factories import fill_table
from tests.ui.helpers import make_app, notices, ready

LIMIT = 10_000


def round_of(library: Library, kind: str) -> str:
    return next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == kind)


def said(app: TafelApp, text: str) -> bool:
    """The app told the moderator ``text`` in one notification line (the toast the screen shows)."""
    return any(text in message and "\n" not in message for message in notices(app))


async def test_a_note_of_10000_characters_is_kept_and_a_longer_one_is_refused_calmly(
    store: Store, library: Library
) -> None:
    table_id = fill_table(store, library, notes=0)
    notes = round_of(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        field = app.screen.focused
        assert isinstance(field, LinesInput)
        whole = "woord " * (LIMIT // 6) + "x" * (LIMIT % 6)
        field.insert_text_at_cursor(whole)
        await pilot.press("enter")
        await pilot.pause()
        assert [i.text for i in store.get_table(table_id).items_of(notes)] == [whole]
        assert field.value == ""
        longer = "y" * (LIMIT + 1)
        field.insert_text_at_cursor(longer)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)  # still running, same screen
        assert said(app, f"{LIMIT + 1} tekens")
        assert field.value == longer  # kept in the field, to be shortened
        assert [i.text for i in store.get_table(table_id).items_of(notes)] == [whole]


async def test_too_long_motivation_and_direction_keep_what_was_saved(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    values, direction = round_of(library, "values"), round_of(library, "direction")
    before = store.get_table(table_id)
    saved_direction = before.direction(direction).text
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        field = app.screen.query_one("#motivation", LinesInput)
        field.focus()
        field.insert_text_at_cursor("z" * LIMIT)
        typed = field.value
        await pilot.press("enter")  # refused: stays with this participant, the text in the field
        await pilot.pause()
        assert said(app, "te lang")
        assert field.value == typed
        app.go_to(direction)  # refused too: leaving would take the text off the screen
        await pilot.pause()
        assert app.step == values and field.value == typed
        field.value = "kort"
        app.go_to(direction)
        await pilot.pause()
        area = app.screen.query_one("#direction-text", TextArea)
        area.insert("d" * LIMIT)
        app.screen.flush()
        await pilot.pause()
        assert said(app, "te lang")
    after = store.get_table(table_id)
    assert after.items_of(values)[0].text == "kort"
    assert after.direction(direction).text == saved_direction
