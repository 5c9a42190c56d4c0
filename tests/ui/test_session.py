"""Resume after quitting, undo, suggestions on screen, and characters a pilot cannot type."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui import app as app_mod
from tafel.ui.app import TafelApp
from tafel.ui.screens.notes import NotesScreen
from tafel.ui.screens.start import StartScreen
from tafel.ui.screens.values import ValuesScreen
from tafel.ui.widgets.lines_input import LinesInput
from tests.factories import fill_table
from tests.ui.helpers import Clock, make_app, notices, ready, until, write
from tests.ui.screen_image import screen_text


def first_round(library: Library, kind: str, canvas: str = "sturingsfilosofie") -> str:
    return next(r.id for r in library.get(canvas).rounds if r.kind == kind)


async def test_quit_mid_round_and_start_again_resumes_the_same_screen_and_data(
    file_store: Store, library: Library, tmp_path: Path
) -> None:
    table_id = fill_table(file_store, library, participants=3, notes=0)
    values = first_round(library, "values")
    for item in file_store.get_table(table_id).items_of(values):
        file_store.delete_item(item.id)
    clock = Clock()
    app = make_app(file_store, library, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        await pilot.press(*"vertr", "enter")
        await write(pilot, "Omdat de menselijke maat telt")
        clock.advance(90)
        await pilot.press("ctrl+q")  # quit at once: the motivation is still waiting to be saved
    url = str(file_store.engine.url)
    file_store.close()

    reopened = Store.open(url)
    app = make_app(reopened, library, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, ValuesScreen) and app.step == values
        assert app.screen.query_one("#motivation", LinesInput).value == "Omdat de menselijke maat telt"
        header = str(app.screen.query_one("#timer", Static).render())
        assert "1:30" in header  # the round's timer went on where it was
    (item,) = reopened.get_table(table_id).items_of(values)
    assert (item.value, item.text) == ("vertrouwen", "Omdat de menselijke maat telt")
    assert reopened.current_round(table_id) == values
    reopened.close()


async def test_going_back_to_the_tables_means_the_next_start_shows_the_list(
    store: Store, library: Library
) -> None:
    table_id = fill_table(store, library, notes=3)
    app = make_app(store, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id)
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    app = make_app(store, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert isinstance(app.screen, StartScreen)


async def test_undo_brings_back_a_deleted_note_an_edit_and_a_deleted_table(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, notes=0)
    notes = first_round(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await write(pilot, "Het loket belt terug")
        await pilot.press("enter", "up", "delete")
        await pilot.pause()
        assert store.get_table(table_id).items_of(notes) == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        (note,) = store.get_table(table_id).items_of(notes)
        assert note.text == "Het loket belt terug"
        # Edit it in the dialog, then undo the edit.
        await pilot.press("up", "enter", "ctrl+u")
        await write(pilot, "Loket belt niet")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.get_table(table_id).items_of(notes)[0].text == "Loket belt niet"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.get_table(table_id).items_of(notes)[0].text == "Het loket belt terug"
        # Delete the table from the list (confirmed), then undo.
        await pilot.press("f9", "d", "y")
        await pilot.pause()
        assert store.list_tables() == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [s.id for s in store.list_tables()] == [table_id]


async def test_suggestions_for_a_motivation_naming_two_other_values(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=1, notes=0)
    values = first_round(library, "values")
    for item in store.get_table(table_id).items_of(values):
        store.delete_item(item.id)
    deck = library.get("sturingsfilosofie").deck
    picked, first, second = deck[0].value, deck[3].value, deck[8].value
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        await pilot.press(*picked[:6], "enter")
        await write(pilot, f"Zonder {first} geen {second}, vind ik")
        shown = str(app.screen.query_one("#suggest", Static).render())
        assert first in shown and second in shown and picked not in shown
        await pilot.press("ctrl+r")
        await pilot.pause()
    (item,) = store.get_table(table_id).items_of(values)
    assert item.value == picked and item.refs == [first, second]


async def test_characters_a_keyboard_pilot_cannot_type_are_kept(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, notes=0)
    notes = first_round(library, "notes")
    app = make_app(store, library)
    text = "Burger’s “vertrouwen” kost € 5 🙂"
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        field = app.screen.focused
        assert isinstance(field, LinesInput)
        field.insert_text_at_cursor(text)
        await pilot.press("enter")
        await pilot.pause()
    (note,) = store.get_table(table_id).items_of(notes)
    assert note.text == text


async def wait_prebuilt(app: TafelApp, pilot: Pilot[None]) -> None:
    """Until the open table's screens are all built ahead (PREBUILD_AFTER after it opened)."""
    assert app.moderation is not None
    steps = len(app.moderation.session.table_view().steps())
    await until(pilot, lambda: len(app.kept) >= steps)  # a screen at a time: seconds on a loaded machine
    assert len(app.kept) >= steps, "the screens were not built ahead"


async def test_screens_kept_aside_show_edits_made_elsewhere(
    store: Store, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_mod, "PREBUILD_AFTER", 0.05)  # built ahead at once (a second, then 0.3 s each, in use)
    monkeypatch.setattr(app_mod, "PREBUILD_EVERY", 0.02)
    table_id = fill_table(store, library, participants=2, notes=0)
    canvas = library.get("sturingsfilosofie")
    values, notes = first_round(library, "values"), first_round(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await wait_prebuilt(app, pilot)
        await pilot.press(*"Dirk", "enter")  # a third participant, after the values screen was built
        await pilot.pause()
        app.go_to(values)
        await pilot.pause()
        who = app.screen.query_one("#who", OptionList)
        assert who.option_count == 3 and "Dirk" in str(who.get_option_at_index(2).prompt)
        # A note deleted in the notes round, put back by Ctrl+Z from another round.
        app.go_to(notes)
        await pilot.pause()
        await write(pilot, "Het loket belt terug")
        await pilot.press("enter", "up", "delete")
        await pilot.pause()
        app.go_to(canvas.rounds[-1].id)
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        app.go_to(notes)
        await pilot.pause()
        listing = app.screen.query_one(f"#list-{canvas.round(notes).zones[0].id}", OptionList)
        assert listing.option_count == 1
        await pilot.press("f2")
        await pilot.pause()
        assert "Het loket belt terug" in screen_text(app)


async def test_resume_in_a_notes_round_and_in_a_direction_round(file_store: Store, library: Library) -> None:
    table_id = fill_table(file_store, library, participants=3, notes=0)
    notes, direction = first_round(library, "notes"), first_round(library, "direction")
    url = str(file_store.engine.url)
    clock = Clock()
    app = make_app(file_store, library, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        await write(pilot, "Het loket belt terug #bereikbaarheid")
        await pilot.press("enter", "tab")
        clock.advance(125)
        await pilot.press("ctrl+q")
    file_store.close()

    store = Store.open(url)
    app = make_app(store, library, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen) and app.step == notes
        assert "Het loket belt terug" in screen_text(app) and "2:05" in screen_text(app)
        app.go_to(direction)
        await pilot.pause()
        area = app.screen.query_one("#direction-text", TextArea)
        area.insert(" En snel.")
        await pilot.press("ctrl+q")  # before the typing pause that saves: quitting saves it
    store.close()

    store = Store.open(url)
    app = make_app(store, library, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        assert app.step == direction
        text = app.screen.query_one("#direction-text", TextArea).text
        assert text.endswith("dichtbij. En snel.")
    (note,) = store.get_table(table_id).items_of(notes)
    assert (note.text, note.tags) == ("Het loket belt terug", ["bereikbaarheid"])
    store.close()


async def test_undo_a_picked_card_and_a_changed_card(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=1, notes=0)
    values = first_round(library, "values")
    for item in store.get_table(table_id).items_of(values):
        store.delete_item(item.id)
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        await pilot.press(*"vertr", "enter")
        await pilot.pause()
        assert [i.value for i in store.get_table(table_id).items_of(values)] == ["vertrouwen"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.get_table(table_id).items_of(values) == []
        assert "nog geen kaart" in screen_text(app)
        await pilot.press(*"vertr", "enter", "shift+tab", *"mense", "enter")  # then another card instead
        await pilot.pause()
        assert [i.value for i in store.get_table(table_id).items_of(values)] == ["menselijke maat"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [i.value for i in store.get_table(table_id).items_of(values)] == ["vertrouwen"]
        assert "Gekozen: vertrouwen" in screen_text(app)


async def test_moving_a_tension_keeps_its_poles_and_a_plain_note_needs_two(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, notes=0)
    notes = first_round(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        await pilot.press("shift+tab")  # the tensions' zone (the last)
        await write(pilot, "rechtmatigheid <> menselijke maat: bij toeslagen")
        await pilot.press("enter", "up", "shift+right")  # to the first zone, a zone of plain notes
        await pilot.pause()
        (moved,) = store.get_table(table_id).items_of(notes)
        assert (moved.kind, moved.between, moved.text) == (
            "concept", [], "rechtmatigheid <> menselijke maat: bij toeslagen")
        await pilot.press("shift+left")  # back: the same tension again
        await pilot.pause()
        (back,) = store.get_table(table_id).items_of(notes)
        assert (back.kind, back.between, back.text) == ("tension", ["rechtmatigheid", "menselijke maat"],
                                                          "bij toeslagen")
        await pilot.press("escape", "tab")  # a plain note in the first zone cannot become a tension
        await write(pilot, "Regie")
        await pilot.press("enter", "up", "shift+left")
        await pilot.pause()
        assert any("twee polen" in message for message in notices(app))
    regie = next(i for i in store.get_table(table_id).items_of(notes) if i.text == "Regie")
    assert regie.kind == "concept" and regie.between == []
