"""Saved as typed, truly: typing steadily never leaves more than about a second of it unsaved.

A debounce that waits for quiet never saved while someone typed on: six seconds of steady typing
and a power cut lost all six. The rule (``SaveAsTyped``) is tested on a clock moved by hand: a key
every 0.1 s for six seconds, and no typed character waits more than MAX_WAIT (1.0 s) to be saved.
The screens are tested with the timers shortened (``quick_typing``): typing on without a pause in
the direction, a motivation and a note is saved while it goes on.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.widgets import typing as typing_mod
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.typing import MAX_WAIT, MIN_DELAY, QUIET, SaveAsTyped
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready

EVERY = 0.1  # seconds between two keys: steady, quick typing
SECONDS = 6.0  # of typing
TEXT = "steady typing with no pause at all " * 4


def first_round(library: Library, kind: str) -> str:
    return next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == kind)


@dataclass
class HandTimer:
    due: float
    callback: Callable[[], object]
    stopped: bool = False

    def stop(self) -> None:
        self.stopped = True


class HandClock:
    """A clock the test moves, and the timers set on it (fired in order as it passes them)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.timers: list[HandTimer] = []

    def __call__(self) -> float:
        return self.now

    def set_timer(self, delay: float, callback: Callable[[], object], name: str | None = None) -> HandTimer:
        timer = HandTimer(self.now + delay, callback)
        self.timers.append(timer)
        return timer

    def move_to(self, moment: float) -> None:
        while due := sorted((t for t in self.timers if not t.stopped and t.due <= moment), key=lambda t: t.due):
            self.now = due[0].due
            due[0].stop()
            due[0].callback()
        self.now = moment


def test_steady_typing_is_saved_at_least_every_max_wait_and_a_pause_saves_after_quiet() -> None:
    clock = HandClock()
    typed_at: list[float] = []
    saves: list[tuple[float, int]] = []  # when, and how many keys were typed by then

    def save() -> None:
        saves.append((clock.now, len(typed_at)))
        typing.saved()

    typing = SaveAsTyped(clock, save, clock=clock)  # type: ignore[arg-type]  # the clock stands in for the screen
    keys = round(SECONDS / EVERY)
    for n in range(keys):
        clock.move_to(n * EVERY)
        typed_at.append(clock.now)
        typing.changed()
    clock.move_to(clock.now + 5)  # the typing paused
    waits = []
    for when, count in saves:
        waits += [when - at for at in typed_at[len(waits):count]]
    assert len(waits) == keys  # every key saved
    assert max(waits) <= MAX_WAIT + 1e-9, max(waits)
    assert len(saves) <= SECONDS / MAX_WAIT + 1  # saved about once a second, not at every key
    assert not typing.pending
    typed_at.append(clock.now)  # one more key, then a pause: saved QUIET after it
    typing.changed()
    clock.move_to(clock.now + 5)
    assert saves[-1] == (typed_at[-1] + QUIET, keys + 1)


def test_keys_faster_than_the_shortest_timer_are_still_saved_within_max_wait() -> None:
    """Keys 10 ms apart (a burst a busy event loop hands on at once): the save due MAX_WAIT after the
    first key is not pushed on by every key, as it was when each key set the timer again."""
    clock = HandClock()
    saves: list[float] = []

    def save() -> None:
        saves.append(clock.now)
        typing.saved()

    typing = SaveAsTyped(clock, save, clock=clock)  # type: ignore[arg-type]  # the clock stands in for the screen
    for n in range(round(3 * MAX_WAIT / 0.01)):
        clock.move_to(n * 0.01)
        typing.changed()
    assert saves and saves[0] <= MAX_WAIT + MIN_DELAY + 1e-9, saves[:3]
    assert all(b - a <= MAX_WAIT + MIN_DELAY + 1e-9 for a, b in itertools.pairwise(saves)), saves


async def type_on(pilot: Pilot[None], field: Input | TextArea, saved: Callable[[], str]) -> str:
    """Type into ``field`` without a pause until something of it is saved; what is saved then."""
    for ch in TEXT:
        if isinstance(field, Input):
            field.insert_text_at_cursor(ch)
        else:
            field.insert(ch)
        await pilot.pause(0.01)
        if in_db := saved():
            return in_db
    raise AssertionError("nothing saved while typing on")


async def test_typing_on_in_each_field_is_saved_while_it_goes_on(
    store: Store, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No quiet in the test's life: only the longest wait (shortened) can save while the typing goes on.
    monkeypatch.setattr(typing_mod, "QUIET", 600.0)
    monkeypatch.setattr(typing_mod, "MAX_WAIT", 0.05)
    table_id = fill_table(store, library, participants=1, notes=0)
    values, direction, notes = (first_round(library, k) for k in ("values", "direction", "notes"))
    app: TafelApp = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, direction)
        await pilot.pause()
        area = app.screen.query_one("#direction-text", TextArea)
        area.clear()
        app.screen.flush()
        in_db = await type_on(pilot, area, lambda: (store.get_table(table_id).direction(direction) or area).text)
        assert TEXT.startswith(in_db) and area.text.startswith(in_db)

        app.go_to(values)
        await pilot.pause()
        motivation = app.screen.query_one("#motivation", LinesInput)
        motivation.focus()
        motivation.value = ""
        app.screen.flush()
        in_db = await type_on(pilot, motivation, lambda: store.get_table(table_id).items_of(values)[0].text)
        assert TEXT.startswith(in_db)

        app.go_to(notes)
        await pilot.pause()
        note = app.screen.focused
        assert isinstance(note, LinesInput)
        in_db = await type_on(pilot, note, lambda: "".join(i.text for i in store.get_table(table_id).items_of(notes)))
        assert TEXT.startswith(in_db)
        typed = note.value
        await pilot.press("enter")  # laid: one note, the draft made final
        await pilot.pause()
        (laid,) = store.get_table(table_id).items_of(notes)
        assert laid.text == typed.strip()


async def test_leaving_a_field_saves_it_at_once(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    values, notes = first_round(library, "values"), first_round(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        motivation = app.screen.query_one("#motivation", LinesInput)
        motivation.focus()
        motivation.value = "net getypt"
        await pilot.pause()
        app.screen.query_one("#card-input", Input).focus()  # away from the field, before the timer
        await pilot.pause()
        assert "net getypt" in [i.text for i in store.get_table(table_id).items_of(values)]
        app.go_to(notes)
        await pilot.pause()
        note = app.screen.focused
        assert isinstance(note, LinesInput)
        note.insert_text_at_cursor("half getypt")
        await pilot.press("tab")  # the next zone
        await pilot.pause()
        assert [i.text for i in store.get_table(table_id).items_of(notes)] == ["half getypt"]
        note.focus()
        await pilot.press("end", "enter")
        await pilot.pause()
        (item,) = store.get_table(table_id).items_of(notes)
        assert item.text == "half getypt"


async def test_a_direction_version_is_kept_where_the_typing_paused_and_can_be_restored(
    store: Store, library: Library, quick_typing: tuple[float, float]
) -> None:
    quiet, _ = quick_typing
    pause = 5 * quiet  # the typing paused: the timer is due
    table_id = fill_table(store, library, participants=1, notes=0)
    direction = first_round(library, "direction")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, direction)
        await pilot.pause()
        area = app.screen.query_one("#direction-text", TextArea)
        area.load_text("Eerst dit.")
        area.move_cursor(area.document.end)
        await pilot.pause(pause)  # a pause: saved, and shown in the list
        await pilot.pause()
        area.insert(" En dan dat, steeds verder getypt")  # typed on in one go
        await pilot.pause(pause)
        await pilot.pause()
        typed = "Eerst dit. En dan dat, steeds verder getypt"
        # A version was kept where the typing paused.
        saved = [v.text for v in store.direction_versions(table_id, direction)]
        assert saved[-2:] == ["Eerst dit.", typed]
        screen = app.screen
        shown = [v.text for v in screen.versions]  # newest first
        assert shown == saved[::-1]
        versions = screen.query_one("#versions", OptionList)
        assert versions.option_count == len(shown)
        versions.focus()
        versions.highlighted = 1
        await pilot.press("ctrl+r")
        await pilot.pause(pause)
        await pilot.pause()
        assert area.text == "Eerst dit."
        assert store.get_table(table_id).direction(direction).text == "Eerst dit."
        assert [v.text for v in screen.versions][:3] == ["Eerst dit.", typed, "Eerst dit."]
