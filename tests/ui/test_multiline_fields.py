"""A new note and a new advice are said in paragraphs: their fields take several lines.

Ctrl+J or Alt+Enter starts a new line, the field grows with the text, Enter lays the note (or the
advice) with its line breaks; what is typed is saved as typed. The new-line key is in the footer
while the field has the focus, and in F1 help under the notes and the advice.
"""

from __future__ import annotations

import pytest

from tafel import i18n
from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.screens.help import HelpScreen
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.lines_input import LinesInput
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, until, write
from tests.ui.screen_image import screen_text


def first_round(library: Library, kind: str) -> str:
    return next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == kind)


def footer(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(KeyBar)._line)


async def test_a_new_note_and_a_new_advice_of_two_lines(store: Store, library: Library,
                                                       quick_typing: tuple[float, float]) -> None:
    table_id = fill_table(store, library, notes=0)
    notes, advice = first_round(library, "notes"), first_round(library, "advice")
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        field = app.focused
        assert isinstance(field, LinesInput) and field.id is not None and field.id.startswith("in-")
        assert "^j Nieuwe regel" in footer(app)  # the focused field's keys first (Ctrl+J, said short)
        height = field.size.height
        await write(pilot, "Het loket belt terug.")
        await pilot.press("ctrl+j")
        await write(pilot, "Soms pas na een week.")
        await pilot.pause()
        assert field.size.height > height  # the field grew: both lines can be reread
        assert field.value == "Het loket belt terug.\nSoms pas na een week."
        await pilot.press("enter")
        await pilot.pause()
        (note,) = store.get_table(table_id).items_of(notes)
        assert note.text == "Het loket belt terug.\nSoms pas na een week."
        assert field.value == "" and app.focused is field

        app.go_to(advice)
        await pilot.pause()
        field = app.focused
        assert isinstance(field, LinesInput) and field.id == "advice-input"
        before = store.get_table(table_id).items_of(advice)
        await write(pilot, "Bel binnen twee dagen terug.")
        await pilot.press("alt+enter")
        await write(pilot, "Zeg wie er belt.")
        # Saved as typed (the timers shortened), before any Enter: a draft of both lines.
        def drafts() -> list[str]:
            return [i.text for i in store.get_table(table_id).items_of(advice)]

        await until(pilot, lambda: "Bel binnen twee dagen terug.\nZeg wie er belt." in drafts())
        assert "Bel binnen twee dagen terug.\nZeg wie er belt." in drafts()
        await pilot.press("enter")
        await pilot.pause()
        after = store.get_table(table_id).items_of(advice)
        assert len(after) == len(before) + 1
        added = after[-1]
        assert added.text == "Bel binnen twee dagen terug.\nZeg wie er belt."
        assert added.rank == len(after)
        assert field.value == ""


async def test_up_from_the_first_line_goes_to_the_notes_otherwise_up_a_line(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, notes=3)
    notes = first_round(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        field = app.focused
        assert isinstance(field, LinesInput)
        await write(pilot, "een")
        await pilot.press("ctrl+j", "t", "w", "e", "e", "up")
        await pilot.pause()
        assert app.focused is field and field.cursor_location[0] == 0  # up a line, still typing
        await pilot.press("up")
        await pilot.pause()
        assert app.focused is not field and app.focused is not None and app.focused.id.startswith("list-")


@pytest.mark.parametrize(("lang", "said"), [("nl", "Ctrl+J of Alt+Enter: nieuwe regel"),
                                            ("en", "Ctrl+J or Alt+Enter: new line")])
async def test_the_new_line_key_is_in_the_help_in_both_languages(lang: str, said: str, store: Store,
                                                                  library: Library) -> None:
    i18n.set_language(lang)
    table_id = fill_table(store, library, notes=0)
    app = make_app(store, library)
    async with app.run_test(size=(120, 200)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, first_round(library, "notes"))
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        assert text.count(said) >= 2, text  # under the notes and under the advice
