"""A whole table in English, on the English five-step canvas, at 80×24.

The moderator starts it in English (the canvas comes in the table's language), picks a card by
its English name, goes through every round with F4 (each prompt's last sentence on screen or
behind F6), ends on the closing screen with a QR code that scans; no screen shows a Dutch word.
"""

from __future__ import annotations

import re

import pytest
import zxingcpp

from tafel import i18n
from tafel.canvases import Library
from tafel.i18n import t
from tafel.storage.repository import Store
from tafel.ui.dialogs.prompt import PromptDialog
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.round_base import RoundScreen
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_image, screen_text
from tests.ui.test_small_terminal import flat, last_sentence

# Words that are Dutch and not English: any of them on an English screen is a string left untranslated.
DUTCH = {
    "het", "een", "van", "naar", "voor", "niet", "wat", "wie", "ronde", "tafel", "tafels", "deelnemer",
    "deelnemers", "kies", "typ", "notitie", "notities", "bewaren", "vorige", "volgende", "hulp",
    "ongedaan", "afsluiting", "exporteren", "gedeeld", "delen", "adres", "nog", "wordt", "kaart",
    "gekozen", "motivatie", "verwijst", "waarom", "samen", "organisatie", "stap", "werkt", "acties",
    "spanningen", "bijsturen", "initiatieven", "vertrouwen", "meer", "vraag", "hele", "opdrachten",
    "zonder", "toestemming", "bijv", "bv", "uw", "regel", "nieuwe", "terug", "geen", "alles",
}


def dutch_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ]+", text.lower()) if w in DUTCH}


@pytest.mark.parametrize("canvas_id", ["vijf-stappen", "sturingsfilosofie", "publiek-civiel", "dag-van-de-dialoog"])
async def test_a_whole_english_table_at_80x24(canvas_id: str, store: Store, library: Library) -> None:
    i18n.set_language("en")
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        m = app.moderation
        assert m is not None
        table_id = m.session.start_table(canvas=canvas_id, title="Table Leiden", language="en",
                                         date="2026-11-27", location="Leiden", moderator="Sam")
        view = m.session.view(table_id)
        assert view.table.language == "en" and view.canvas.language == "en"
        for name, sector in zip(("Ann", "Bob", "Cem", "Dee", "Eve"), view.canvas.sectors, strict=False):
            m.participants.add_participant(table_id, name=name, sector=sector, consent=True)
        canvas = m.session.view(table_id).canvas
        app.open_table(table_id, "participants")
        await pilot.pause()
        assert not dutch_words(screen_text(app)), screen_text(app)
        await pilot.press("f4")
        await pilot.pause()
        for rnd in canvas.rounds:
            assert isinstance(app.screen, RoundScreen) and app.screen.rnd.id == rnd.id
            if rnd.kind == "values":
                await pilot.press(*"trus", "enter")  # the English card, found by its English name
                await pilot.pause()
                items = m.session.view(table_id).table.items_of(rnd.id, "value")
                assert [i.value for i in items] == ["trust"]
            if rnd.kind == "notes":
                await pilot.press(*"Good contact with residents", "enter")
                await pilot.pause()
            shown = screen_text(app)
            assert not dutch_words(shown), (rnd.id, dutch_words(shown), shown)
            if last_sentence(rnd.prompt) not in flat(shown):
                await pilot.press("f6")
                await pilot.pause()
                await pilot.pause()
                assert isinstance(app.screen, PromptDialog)
                assert last_sentence(rnd.prompt) in flat(screen_text(app))
                assert not dutch_words(screen_text(app))
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("f4")
            await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert not dutch_words(screen_text(app)), screen_text(app)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        found = [r.text for r in zxingcpp.read_barcodes(screen_image(app))]
        assert len(found) == 1 and found[0].endswith(f"/{store.share_token(table_id)}/")
        assert not dutch_words(screen_text(app)), screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert not dutch_words(screen_text(app)), screen_text(app)
        assert t("tui.help.hidden_keys") == "j"


def test_the_dutch_canvas_finds_a_card_by_its_english_name(library: Library) -> None:
    from tafel.domain.values import Deck

    deck = Deck(library.get("vijf-stappen").deck)
    assert [c.value for c in deck.search("trust")][:1] == ["vertrouwen"]
    english = Deck(library.get("vijf-stappen", "en").deck)
    assert [c.value for c in english.search("vertrouwen")][:1] == ["trust"]


def test_every_shipped_canvas_comes_in_english_with_the_same_rounds(library: Library) -> None:
    from tafel.canvases import same_shape

    for canvas in library.all():
        english = library.get(canvas.id, "en")
        assert english.language == "en" and same_shape(canvas, english), canvas.id
        assert len(english.deck) == len(canvas.deck)
        assert library.get(canvas.id, "nl") is library.get(canvas.id)  # the Dutch text as it was
