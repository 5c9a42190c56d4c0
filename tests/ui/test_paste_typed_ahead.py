"""A paste typed ahead goes where the keys around it go: to the field they were meant for, in order.

A moderator pastes a sentence from the chat or a document right after F4 or Enter, or a terminal
sends typed text as one bracketed paste: the keys after F4 or Enter were held for the next screen
or field, the paste was not, and landed in the field just left (or before the keys typed ahead
of it). Every event reaches the app in one burst, as a terminal delivers them."""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.new_table import NewTableScreen
from tafel.ui.screens.overview import OverviewScreen
from tafel.ui.screens.values import ValuesScreen
from tafel.ui.widgets import typing
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.text_input import TextInput
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, until
from tests.ui.test_form_typed_ahead import burst, open_form, typed


def paste(app: TafelApp, text: str) -> None:
    """A paste posted as the terminal's driver does, without waiting for it to be handled."""
    app.post_message(events.Paste(text))


def round_of(library: Library, kind: str) -> str:
    return next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == kind)


async def at_names(app: TafelApp, pilot: Pilot[None], table_id: str) -> None:
    await ready(app, pilot)
    app.open_table(table_id, "participants")
    await pilot.pause()
    await until(pilot, lambda: isinstance(app.focused, TextInput) and app.focused.id == "name")


def card_field_says(app: TafelApp, text: str) -> bool:
    field = app.focused
    return isinstance(field, TextInput) and field.id == "card-input" and field.value == text


async def test_a_paste_after_f4_is_for_the_next_round(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=0, notes=0)
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_names(app, pilot, table_id)
        burst(app, *typed("Jan"), "enter", "f4")
        paste(app, "vrijheid")
        await until(pilot, lambda: card_field_says(app, "vrijheid"))
        assert app.moderation is not None
        assert [p.name for p in app.moderation.session.table_view().table.participants] == ["Jan"]
        assert card_field_says(app, "vrijheid")


async def test_keys_and_pastes_after_f4_keep_their_order(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=0, notes=0)
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_names(app, pilot, table_id)
        burst(app, *typed("Jan"), "enter", "f4", "v")
        paste(app, "rij")
        burst(app, *typed("heid"))
        await until(pilot, lambda: card_field_says(app, "vrijheid"))
        assert app.moderation is not None
        assert [p.name for p in app.moderation.session.table_view().table.participants] == ["Jan"]
        assert card_field_says(app, "vrijheid")


@pytest.mark.usefixtures("quiet")
async def test_a_paste_after_the_direction_is_the_next_rounds_first_note(store: Store, library: Library) -> None:
    """The direction, Enter (on to the conversation), notes pasted: they were in the direction."""
    table_id = fill_table(store, library, participants=1, notes=0)
    direction, notes = round_of(library, "direction"), round_of(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, direction)
        await pilot.pause()
        area = app.screen.query_one("#direction-text", LinesInput)
        area.value = ""
        await pilot.pause()
        burst(app, *typed("Samen verder"), "enter")
        paste(app, "Eerste notitie\nover twee regels")
        burst(app, "enter")
        paste(app, "Tweede")
        # A note laid, and the next paste in the field, saved as typed (a draft note) once quiet.
        expected = ["Eerste notitie\nover twee regels", "Tweede"]
        await until(pilot, lambda: [i.text for i in store.get_table(table_id).items_of(notes)] == expected)
        assert store.get_table(table_id).direction(direction).text == "Samen verder"  # type: ignore[union-attr]
        assert [i.text for i in store.get_table(table_id).items_of(notes)] == expected
        field = app.focused
        assert app.step == notes and isinstance(field, LinesInput) and field.value == "Tweede"


async def test_a_motivation_pasted_after_the_card_is_the_motivation(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    values = round_of(library, "values")
    card = library.get("sturingsfilosofie").deck[3].value
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        field = app.screen.query_one("#card-input", TextInput)
        motivation = app.screen.query_one("#motivation", LinesInput)
        field.focus()
        await pilot.pause()
        burst(app, *typed(card), "enter")
        paste(app, " Omdat ik")
        burst(app, *typed(" het zie"))
        await until(pilot, lambda: motivation.value.endswith(" Omdat ik het zie"))
        first = store.get_table(table_id).participants[0]
        (mine,) = [i for i in store.get_table(table_id).items_of(values) if i.participant == first.id]
        assert mine.value == card
        assert motivation.has_focus and motivation.value.endswith(" Omdat ik het zie") and field.value == ""


async def test_a_title_pasted_ahead_of_the_new_table_form_is_its_title(store: Store, library: Library) -> None:
    """n (a new table) and the title pasted at once, then Enter and a programme pasted."""
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        burst(app, "n")
        paste(app, "Tafel Utrecht")
        burst(app, "enter")
        paste(app, "Dialoog")

        def filled() -> bool:
            screen = app.screen
            return isinstance(screen, NewTableScreen) and screen.query_one("#programme", TextInput).value == "Dialoog"

        await until(pilot, filled)
        assert isinstance(app.screen, NewTableScreen)
        assert app.screen.query_one("#title", TextInput).value == "Tafel Utrecht"
        programme = app.screen.query_one("#programme", TextInput)
        assert programme.has_focus and programme.value == "Dialoog"


def click(app: TafelApp, x: int, y: int) -> None:
    """A press and a release posted as the terminal's driver does (the app makes the click of them)."""
    where = {"widget": None, "x": x, "y": y, "delta_x": 0, "delta_y": 0, "button": 1, "shift": False,
             "meta": False, "ctrl": False, "screen_x": x, "screen_y": y}
    app.post_message(events.MouseDown(**where))  # type: ignore[arg-type]
    app.post_message(events.MouseUp(**where))  # type: ignore[arg-type]


def on_key_bar(app: TafelApp, label: str) -> tuple[int, int]:
    """Where the screen's key bar shows ``label`` ("f9 Tafels")."""
    bar = app.screen.query_one(KeyBar)
    return bar.region.x + bar.render().plain.index(label) + 1, bar.region.y


async def test_a_click_while_keys_are_held_is_dropped_and_the_keys_keep_their_way(
    store: Store, library: Library
) -> None:
    """F4, then a click where the names' screen showed "f9 Tafels", then a card typed: by the time
    the click is handled the values round may be there, with something else under the mouse. It
    does nothing (it closed the table); the card is the round's. A click after that acts again."""
    table_id = fill_table(store, library, participants=0, notes=0)
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_names(app, pilot, table_id)
        tables = on_key_bar(app, "f9 ")
        burst(app, *typed("Jan"), "enter", "f4")
        click(app, *tables)
        burst(app, *typed("vrij"))
        await until(pilot, lambda: card_field_says(app, "vrij"))
        for _ in range(10):  # anything the click set going has had its turn
            await pilot.pause(0.02)
        assert app.table_id == table_id and isinstance(app.screen, ValuesScreen)
        assert card_field_says(app, "vrij")
        click(app, *on_key_bar(app, "f2 "))  # nothing held: the overview opens
        await until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        assert isinstance(app.screen, OverviewScreen)


async def test_a_click_while_a_field_holds_keys_after_its_enter_is_dropped(
    store: Store, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The direction's Enter goes on to the next round; a click on the key bar's F3 before that
    is handled was aimed at the direction's screen. Its F3 was held with the keys, and taken back
    to the round before once the field gave them on."""
    monkeypatch.setattr(typing, "HOLD_AT_MOST", 60.0)  # the hold ends when the test says, however slow
    table_id = fill_table(store, library, participants=1, notes=0)
    direction = round_of(library, "direction")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, direction)
        await until(pilot, lambda: app.step == direction and isinstance(app.focused, LinesInput))
        area = app.screen.query_one("#direction-text", LinesInput)
        area.hold_after_enter()  # as its Enter does, before the screen has moved on
        click(app, *on_key_bar(app, "f3 "))
        for _ in range(10):
            await pilot.pause(0.02)
        area.hand_over()
        for _ in range(10):
            await pilot.pause(0.02)
        assert app.step == direction
        click(app, *on_key_bar(app, "f3 "))  # nothing held: F3 goes to the round before
        await until(pilot, lambda: app.step != direction)
        assert app.step != direction


async def test_a_form_pasted_ahead_then_ctrl_q_keeps_the_table(store: Store, library: Library) -> None:
    """Title, programme, place and name pasted, Enter between them, then Ctrl+Q, all at once: Ctrl+Q
    goes the way the keys and pastes went, and quits once the table is started."""
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot)
        paste(app, "Tafel Een")
        burst(app, "enter")
        paste(app, "Dialoog")
        burst(app, "enter", *typed("12-6-2023"), "enter")
        paste(app, "Utrecht")
        burst(app, "enter")
        paste(app, "Mira")
        burst(app, "enter", "ctrl+q")
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    (summary,) = store.list_tables()
    table = store.get_table(summary.id)
    assert (table.title, table.programme, table.location, table.moderator) == (
        "Tafel Een", "Dialoog", "Utrecht", "Mira")
