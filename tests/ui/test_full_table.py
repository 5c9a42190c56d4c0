"""A whole table by keystrokes, on every shipped canvas: participants, each round, closing.

Each canvas is walked once, by keys; the walks take turns in Dutch and English and at 120×40 and
80×24, so each language is walked at both sizes. At 80×24 every round's prompt is whole on screen or
one key (F6) away, and the footer keeps F1, F2 and Ctrl+P; in English no screen shows a Dutch word
and the card is found by its English name. The driver knows round kinds, never a particular canvas;
then the database and the export are checked. (tests/ui/test_small_terminal.py checks the prompts
of the canvases and languages not walked at 80×24 here.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zxingcpp
from textual.pilot import Pilot
from textual.widgets import Static

from tafel import i18n
from tafel.canvases import Library, builtin_dir
from tafel.domain.canvas import Canvas, Round
from tafel.i18n import t
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.dialogs.prompt import PromptDialog
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.participants import ParticipantsScreen
from tafel.ui.screens.round_base import RoundScreen
from tafel.ui.screens.start import StartScreen
from tests.ui.helpers import make_app, ready, write
from tests.ui.screen_image import screen_image, screen_text
from tests.ui.wording import dutch_words, flat, last_sentence

SHIPPED = sorted(p.stem for p in builtin_dir().glob("*.toml") if "." not in p.stem)  # not ID.LL.toml
SMALL, LARGE = (80, 24), (120, 40)
# (canvas, language, terminal size): languages alternate, sizes every two canvases.
WALKS = [(c, ("nl", "en")[n % 2], (SMALL, LARGE)[n // 2 % 2]) for n, c in enumerate(SHIPPED)]
PEOPLE = ["Anna", "Bram", "Carla"]
# What the moderator types, in the table's language (an English screen is checked for Dutch words).
TYPED = {
    "nl": {"table": "Tafel", "because": "Omdat {value} telt", "direction": "Richting voor {title}",
           "note": "Notitie in zone {n}", "poles": ["kant a", "kant b"], "first": "Eerste advies",
           "second": "Tweede advies"},
    "en": {"table": "Table", "because": "Because {value} counts", "direction": "Direction for {title}",
           "note": "Note in zone {n}", "poles": ["side a", "side b"], "first": "First advice",
           "second": "Second advice"},
}


def check_screen(app: TafelApp, lang: str, where: str) -> None:
    """In English, no Dutch word on the screen."""
    if lang == "en":
        shown = screen_text(app)
        assert not dutch_words(shown), (where, dutch_words(shown), shown)


async def check_prompt(app: TafelApp, pilot: Pilot[None], rnd: Round, lang: str) -> None:
    """At 80×24: the footer keeps its keys; the prompt's last sentence is shown, or F6 shows it whole."""
    shown = flat(screen_text(app))
    footer = screen_text(app).splitlines()[-1]
    for key in ("f1", "f2", "^p"):
        assert key in footer, (rnd.id, footer)
    if last_sentence(rnd.prompt) in shown:
        return
    assert t("tui.round.whole_prompt") in shown, rnd.id
    await pilot.press("f6")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, PromptDialog)
    whole = flat(screen_text(app))
    assert last_sentence(rnd.prompt) in whole, rnd.id
    for zone in rnd.zones:
        assert " ".join(zone.hint.split()) in whole
    check_screen(app, lang, f"{rnd.id} F6")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, RoundScreen), rnd.id


async def run_round(pilot: Pilot[None], rnd: Round, canvas: Canvas) -> None:
    typed = TYPED[canvas.language]
    if rnd.kind == "values":
        for n, _person in enumerate(PEOPLE):
            card, other = canvas.deck[n % len(canvas.deck)], canvas.deck[(n + 1) % len(canvas.deck)]
            await pilot.press(*card.value[:5], "enter")  # the card found by its name in the table's language
            await write(pilot, typed["because"].format(value=other.value))
            await pilot.press("ctrl+r", "enter")
    elif rnd.kind == "direction":
        await write(pilot, typed["direction"].format(title=rnd.title))
    elif rnd.kind == "notes":
        for n, zone in enumerate(rnd.zones):
            note = typed["note"].format(n=n)  # not the zone's id: that is Dutch in either language
            line = " <> ".join(typed["poles"]) + f": {note}" if zone.kind == "tension" else f"{note} #thema"
            await write(pilot, line)
            await pilot.press("enter", "tab")
    elif rnd.kind == "advice":
        await write(pilot, typed["first"])
        await pilot.press("enter")
        await write(pilot, typed["second"])
        await pilot.press("enter")
        await pilot.press("up", "shift+up")  # the second becomes the first
    await pilot.pause()


@pytest.mark.parametrize(("canvas_id", "lang", "size"), WALKS, ids=[f"{c}-{lang}-{w}x{h}" for c, lang, (w, h) in WALKS])
async def test_a_complete_table_by_keystrokes(canvas_id: str, lang: str, size: tuple[int, int], store: Store,
                                              library: Library, tmp_path: Path) -> None:
    i18n.set_language(lang)
    canvas = library.get(canvas_id, lang)  # the canvas comes in the table's language
    typed = TYPED[lang]
    app = make_app(store, library)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        await pilot.pause()
        # Choose the canvas by keyboard: open the select, go to this canvas, take it.
        await pilot.press("shift+tab")
        order = [c.id for c in library.all()]
        await pilot.press("enter", *["down"] * order.index(canvas_id), "enter", "tab")
        await write(pilot, f"{typed['table']} {canvas_id}")  # texts typed whole (helpers.write): the keys are the point
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
        check_screen(app, lang, "participants")
        for rnd in canvas.rounds:
            await pilot.press("f4")
            await pilot.pause()
            assert app.step == rnd.id
            assert isinstance(app.screen, RoundScreen) and app.screen.rnd.id == rnd.id
            check_screen(app, lang, rnd.id)
            if size == SMALL:
                await check_prompt(app, pilot, rnd, lang)
            await run_round(pilot, rnd, canvas)
            check_screen(app, lang, rnd.id)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        check_screen(app, lang, "closing")
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#export-status", Static).render())
        assert status.startswith(t("tui.closing.exported", folder="")), status
        check_screen(app, lang, "closing, exported")
        table_id = store.list_tables()[0].id
        if size == SMALL:  # the QR code scans in a small terminal too
            await pilot.pause()
            found = [r.text for r in zxingcpp.read_barcodes(screen_image(app))]
            assert len(found) == 1 and found[0].endswith(f"/{store.share_token(table_id)}/")
        if lang == "en":
            await pilot.press("f1")
            await pilot.pause()
            check_screen(app, lang, "help")
            assert t("tui.help.hidden_keys") == "j"

    table = store.get_table(table_id)
    assert table.title == f"{typed['table']} {canvas_id}" and table.canvas == canvas_id
    assert table.programme == "Programma X" and table.language == lang
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
                assert item.text == typed["because"].format(value=other)
                if other != item.value:
                    assert other in item.refs
        elif rnd.kind == "direction":
            assert table.direction(rnd.id).text == typed["direction"].format(title=rnd.title)
            assert len(store.direction_versions(table_id, rnd.id)) == 1
        elif rnd.kind == "notes":
            for n, zone in enumerate(rnd.zones):
                (note,) = [i for i in items if i.zone == zone.id]
                assert note.kind == zone.kind
                if zone.kind == "tension":
                    assert note.between == typed["poles"] and note.text == typed["note"].format(n=n)
                else:
                    assert note.text == typed["note"].format(n=n) and note.tags == ["thema"]
        elif rnd.kind == "advice":
            assert [(i.rank, i.text) for i in table.advice() if i.round == rnd.id] == [
                (1, typed["second"]), (2, typed["first"])]
    exported = next(Path(app.settings.exports).glob("*/table.json"))
    doc = json.loads(exported.read_text("utf-8"))
    assert doc["table"]["id"] == table_id
    assert [p["name"] for p in doc["participants"]] == [PEOPLE[0], None, None]  # only with consent
