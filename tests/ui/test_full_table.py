"""A whole table by keystrokes, on every shipped canvas: participants, each round, closing.

The driver knows round kinds, never a particular canvas; then the database is checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tafel.canvases import Library, builtin_dir
from tafel.domain.canvas import Round
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.participants import ParticipantsScreen
from tafel.ui.screens.start import StartScreen
from tests.ui.helpers import make_app, ready, write

SHIPPED = sorted(p.stem for p in builtin_dir().glob("*.toml") if "." not in p.stem)  # not ID.LL.toml
PEOPLE = ["Anna", "Bram", "Carla"]


async def run_round(app: TafelApp, pilot: Pilot[None], rnd: Round, library: Library, canvas_id: str) -> None:
    canvas = library.get(canvas_id)
    if rnd.kind == "values":
        for n, _person in enumerate(PEOPLE):
            card, other = canvas.deck[n % len(canvas.deck)], canvas.deck[(n + 1) % len(canvas.deck)]
            await pilot.press(*card.value[:5], "enter")
            await write(pilot, f"Omdat {other.value} telt")
            await pilot.press("ctrl+r", "enter")
    elif rnd.kind == "direction":
        await write(pilot, f"Richting voor {rnd.title}")
    elif rnd.kind == "notes":
        for zone in rnd.zones:
            line = f"kant a <> kant b: in {zone.id}" if zone.kind == "tension" else f"Notitie in {zone.id} #thema"
            await write(pilot, line)
            await pilot.press("enter", "tab")
    elif rnd.kind == "advice":
        await write(pilot, "Eerste advies")
        await pilot.press("enter")
        await write(pilot, "Tweede advies")
        await pilot.press("enter")
        await pilot.press("up", "shift+up")  # the second becomes the first
    await pilot.pause()


@pytest.mark.parametrize("canvas_id", SHIPPED)
async def test_a_complete_table_by_keystrokes(canvas_id: str, store: Store, library: Library,
                                              tmp_path: Path) -> None:
    canvas = library.get(canvas_id)
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        await pilot.pause()
        # Choose the canvas by keyboard: open the select, go to this canvas, take it.
        await pilot.press("shift+tab")
        order = [c.id for c in library.all()]
        await pilot.press("enter", *["down"] * order.index(canvas_id), "enter", "tab")
        await write(pilot, f"Tafel {canvas_id}")  # texts typed whole (helpers.write): the keys are the point
        await pilot.press("enter")
        await write(pilot, "Programma X")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        # The first participant by keys through the whole form: name, sector, consent.
        await write(pilot, PEOPLE[0])
        await pilot.press("tab", "enter", "down", "enter", "tab", "space", "ctrl+s")
        for name in PEOPLE[1:]:
            await write(pilot, name)
            await pilot.press("enter")
        await pilot.pause()
        for rnd in canvas.rounds:
            await pilot.press("f4")
            await pilot.pause()
            assert app.step == rnd.id
            await run_round(app, pilot, rnd, library, canvas_id)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#export-status", Static).render())
        assert status.startswith("Geëxporteerd naar"), status

    table_id = store.list_tables()[0].id
    table = store.get_table(table_id)
    assert table.title == f"Tafel {canvas_id}" and table.canvas == canvas_id and table.programme == "Programma X"
    assert [p.name for p in table.participants] == PEOPLE
    assert table.participants[0].sector == canvas.sectors[0] and table.participants[0].consent
    assert not any(p.consent for p in table.participants[1:])
    for rnd in canvas.rounds:
        items = table.items_of(rnd.id)
        if rnd.kind == "values":
            assert len(items) == len(PEOPLE)
            for n, item in enumerate(sorted(items, key=lambda i: PEOPLE.index(table.participant(i.participant).name))):
                assert item.value == canvas.deck[n % len(canvas.deck)].value
                other = canvas.deck[(n + 1) % len(canvas.deck)].value
                assert item.text == f"Omdat {other} telt"
                if other != item.value:
                    assert other in item.refs
        elif rnd.kind == "direction":
            assert table.direction(rnd.id).text == f"Richting voor {rnd.title}"
            assert len(store.direction_versions(table_id, rnd.id)) == 1
        elif rnd.kind == "notes":
            for zone in rnd.zones:
                (note,) = [i for i in items if i.zone == zone.id]
                assert note.kind == zone.kind
                if zone.kind == "tension":
                    assert note.between == ["kant a", "kant b"] and note.text == f"in {zone.id}"
                else:
                    assert note.text == f"Notitie in {zone.id}" and note.tags == ["thema"]
        elif rnd.kind == "advice":
            assert [(i.rank, i.text) for i in table.advice() if i.round == rnd.id] == [
                (1, "Tweede advies"), (2, "Eerste advies")]
    exported = next(Path(app.settings.exports).glob("*/table.json"))
    doc = json.loads(exported.read_text("utf-8"))
    assert doc["table"]["id"] == table_id
    assert [p["name"] for p in doc["participants"]] == [PEOPLE[0], None, None]  # only with consent
