"""The live page's QR code at the start of a table, on the participants screen, while people introduce
themselves: beside the form where it fits, else the full-screen code once and a line with the address;
sharing off is said in one line. F8 stays on every round screen."""

from __future__ import annotations

from tafel import i18n
from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.live_qr import LiveQRScreen
from tafel.ui.screens.participants import ParticipantsScreen
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, until
from tests.ui.screen_image import screen_text
from tests.ui.test_closing import scanned, shows


def live_address(app: TafelApp, store: Store, table_id: str) -> str:
    server = app.desk.sharing.server
    assert server is not None
    return f"{server.url}/{store.share_token(table_id)}/"


async def test_sharing_off_is_one_line_and_f8_then_shows_the_code_beside_the_form(
    store: Store, library: Library
) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    app = make_app(store, library, share_port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        assert shows(app, "Delen staat uit: telefoons kunnen de tafel niet live volgen. F8 zet het aan")
        assert scanned(app) == []
        await pilot.press("f8", "enter")  # switched on from the code's screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        url = live_address(app, store, table_id)
        assert scanned(app) == [url]  # the code beside the form, as a phone reads it
        assert not shows(app, "Delen staat uit")
        assert app.focused is not None and app.focused.id == "name"  # names are typed meanwhile
        # F8 on a round screen still shows it whole.
        app.go_to(library.get("sturingsfilosofie").rounds[0].id)
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, LiveQRScreen) and scanned(app) == [url]


async def test_at_80x24_a_starting_table_shows_the_code_whole_once_then_a_line(
    store: Store, library: Library
) -> None:
    i18n.set_language("en")
    table_id = fill_table(store, library, participants=0, notes=0)
    app = make_app(store, library, share_port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert app.desk.moderation is not None
        app.desk.sharing.start(app.desk.moderation)  # on already, from an earlier table
        app.open_table(table_id, "participants")
        await pilot.pause()
        await pilot.pause()
        url = live_address(app, store, table_id)
        assert isinstance(app.screen, LiveQRScreen)  # no room beside the form: the whole screen, once
        assert scanned(app) == [url]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        form_column = [line[34:] for line in screen_text(app).splitlines()]  # right of the list (34 wide)
        said = "".join("".join(form_column).split())  # the address wraps where the form's column ends
        assert "".join(f"Live page: {url} · F8: the QR code".split()) in said
        await pilot.press(*"Anna", "enter")
        await pilot.pause()
        assert [p.name for p in store.get_table(table_id).participants] == ["Anna"]
        app.go_to(library.get("sturingsfilosofie").rounds[0].id)
        await pilot.pause()
        app.go_to("participants")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)  # not again
        app.desk.sharing.stop()


async def test_at_80x24_switching_sharing_on_with_f8_then_esc_comes_back_to_the_names(
    store: Store, library: Library
) -> None:
    # The code was seen whole (F8, sharing switched on there): Esc is back at the form for good, and
    # the name typed next is a participant, not keys lost on the code's screen shown once more.
    i18n.set_language("en")
    table_id = fill_table(store, library, participants=0, notes=0)
    app = make_app(store, library, share_port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)  # sharing off: a line, no code
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, LiveQRScreen)
        await pilot.press("enter")  # "switch sharing on"
        await until(pilot, lambda: scanned(app))  # the server starts in a worker, then the code is drawn
        assert scanned(app) == [live_address(app, store, table_id)]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        await pilot.press(*"Anna", "enter")
        await pilot.pause()
        assert [p.name for p in store.get_table(table_id).participants] == ["Anna"]
        app.desk.sharing.stop()
