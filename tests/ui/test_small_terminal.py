"""An 80×24 terminal, in Dutch and English: nothing the moderator needs is cut.

Every round of every shipped canvas, in each language's edition: the prompt's last sentence is on
screen or one key (F6) away (here, and in test_full_table's walks at 80×24); the footer keeps F1,
F2, Ctrl+Z and Ctrl+P; the closing screen's QR code scans there too; the tables list keeps all of
its columns.
"""

from __future__ import annotations

import pytest
import zxingcpp

from tafel import i18n
from tafel.canvases import Library
from tafel.i18n import t
from tafel.storage.repository import Store
from tafel.ui.dialogs.prompt import PromptDialog
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.round_base import RoundScreen
from tests.factories import fill_table
from tests.ui.helpers import make_app, notices, ready, write
from tests.ui.screen_image import screen_image, screen_text
from tests.ui.test_full_table import SMALL, WALKS
from tests.ui.wording import flat, last_sentence


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_every_prompt_is_whole_or_one_key_away_at_80x24(lang: str, store: Store, library: Library) -> None:
    """A moderator goes through every round of every shipped canvas with F4, as at a table: here the
    canvases test_full_table does not walk at 80×24 in this language (it checks the same there)."""
    i18n.set_language(lang)
    walked = {c for c, walk_lang, size in WALKS if walk_lang == lang and size == SMALL}
    canvases = [library.get(c.id, lang) for c in library.all() if c.id not in walked]
    assert walked and canvases  # each language is walked at 80×24 there, and checked here for the rest
    for canvas in canvases:
        table_id = fill_table(store, library, canvas=canvas.id, title=f"Tafel {canvas.id}", language=lang)
        app = make_app(store, library, resume=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(app, pilot)
            app.open_table(table_id, canvas.rounds[0].id)
            await pilot.pause()
            for rnd in canvas.rounds:
                assert isinstance(app.screen, RoundScreen) and app.screen.rnd.id == rnd.id
                shown = flat(screen_text(app))
                footer = screen_text(app).splitlines()[-1]
                for key in ("f1", "f2", "^p"):
                    assert key in footer, (canvas.id, rnd.id, footer)
                if last_sentence(rnd.prompt) not in shown:
                    assert t("tui.round.whole_prompt") in shown, (canvas.id, rnd.id)
                    await pilot.press("f6")
                    await pilot.pause()
                    await pilot.pause()
                    assert isinstance(app.screen, PromptDialog)
                    whole = flat(screen_text(app))
                    assert last_sentence(rnd.prompt) in whole, (canvas.id, rnd.id)
                    for zone in rnd.zones:
                        assert " ".join(zone.hint.split()) in whole
                    await pilot.press("escape")
                    await pilot.pause()
                    assert isinstance(app.screen, RoundScreen), (canvas.id, rnd.id)
                await pilot.press("f4")
                await pilot.pause()
            assert isinstance(app.screen, ClosingScreen)


async def test_the_closing_screen_shows_a_qr_code_that_scans_at_80x24(store: Store, library: Library) -> None:
    i18n.set_language("en")
    table_id = fill_table(store, library)
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "closing")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClosingScreen)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        url = f"/{store.share_token(table_id)}/"
        found = [r.text for r in zxingcpp.read_barcodes(screen_image(app))]
        assert len(found) == 1 and found[0].endswith(url)
        assert not notices(app)  # no notice lies over the URL or the code


async def test_the_tables_list_keeps_its_columns_at_80x24(store: Store, library: Library) -> None:
    fill_table(store, library, title="Een tafel met een heel lange titel die niet op één regel past, ook niet breed")
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        header = screen_text(app).splitlines()[1]
        for key in ("title", "date", "canvas", "round", "changed"):
            assert t(f"tui.start.col.{key}") in header
        assert "12-06-2023" in screen_text(app)  # the date as Dutch is written


async def test_a_motivation_of_several_lines_grows_and_enter_goes_on(store: Store, library: Library) -> None:
    """Ctrl+J starts a new line in the motivation (Alt+Enter too), Enter goes to the next participant;
    what was typed is saved with its line breaks and shows whole in a field that grew."""
    from tafel.ui.screens.values import ValuesScreen
    from tafel.ui.widgets.lines_input import LinesInput

    table_id = fill_table(store, library, participants=2, notes=0)
    values = next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == "values")
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, values)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ValuesScreen)
        field = screen.query_one("#motivation", LinesInput)
        field.focus()
        field.value = ""
        await write(pilot, "Eerste zin.")
        await pilot.press("ctrl+j")
        await write(pilot, "Tweede zin.")
        await pilot.press("alt+enter")
        await write(pilot, "Derde.")
        assert field.value == "Eerste zin.\nTweede zin.\nDerde."
        await pilot.pause()
        assert field.size.height >= 3  # three lines of text (the size within the border): all readable
        shown = screen_text(app)
        assert "Eerste zin." in shown and "Derde." in shown
        await pilot.press("enter")
        await pilot.pause()
        assert screen.index == 1  # Enter went on to the next participant
        first = store.get_table(table_id).items_of(values)[0]
        assert first.text == "Eerste zin.\nTweede zin.\nDerde."
        assert "Ctrl+J" in t("tui.help.lines_input")


async def test_the_direction_grows_ctrl_j_is_a_new_line_and_enter_goes_on(store: Store, library: Library) -> None:
    from tafel.ui.widgets.lines_input import LinesInput

    table_id = fill_table(store, library, participants=2, notes=0)
    direction = next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == "direction")
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, direction)
        await pilot.pause()
        area = app.screen.query_one("#direction-text", LinesInput)
        area.focus()
        area.value = ""
        await write(pilot, "Samen.")
        await pilot.press("ctrl+j")
        await write(pilot, "Dichtbij.")
        assert area.value == "Samen.\nDichtbij."
        await pilot.press("enter")  # saved as a version, and on to the next round
        await pilot.pause()
        assert app.step != direction
    assert store.get_table(table_id).direction(direction).text == "Samen.\nDichtbij."
