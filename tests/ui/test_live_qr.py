"""F8: the QR code of the open table's live page, as a phone scans it off the screen; sharing off says so."""

from __future__ import annotations

import urllib.request

from tafel import i18n
from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.screens.live_qr import LiveQRScreen
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready
from tests.ui.test_closing import scanned, shows


async def test_f8_on_the_participants_screen_says_sharing_is_off_then_shows_a_code_that_scans(
    store: Store, library: Library,
) -> None:
    table_id = fill_table(store, library, participants=2, notes=0)
    app = make_app(store, library, share_host="127.0.0.1", share_port=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, LiveQRScreen)
        assert shows(app, "Delen staat uit") and scanned(app) == []
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.desk.sharing.running and app.desk.sharing.server is not None
        url = f"{app.desk.sharing.server.url}/{store.share_token(table_id)}/"
        assert scanned(app) == [url]
        assert shows(app, f"{url}?view=screen")
        with urllib.request.urlopen(url, timeout=5) as reply:  # the live page answers at that address
            assert reply.status == 200
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LiveQRScreen)
        # A second F8, sharing on: the code at once, on a round screen too.
        rnd = library.get("sturingsfilosofie").rounds[1]
        app.go_to(rnd.id)
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, LiveQRScreen), (app.screen, app.focused)
        assert scanned(app) == [url]


async def test_f8_speaks_english(store: Store, library: Library) -> None:
    i18n.set_language("en")
    table_id = fill_table(store, library, participants=1, notes=0)
    app = make_app(store, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert shows(app, "Sharing is off")


async def test_sharing_switched_on_with_f8_shows_on_the_closing_screens_switch(store: Store, library: Library) -> None:
    from textual.widgets import Switch

    table_id = fill_table(store, library, participants=1, notes=0)
    app = make_app(store, library, share_host="127.0.0.1", share_port=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "closing")  # built now, sharing off
        await pilot.pause()
        app.go_to("participants")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        app.go_to("closing")
        await pilot.pause()
        assert app.screen.query_one("#share-switch", Switch).value
        assert app.desk.sharing.server is not None and shows(app, app.desk.sharing.server.url or "?")
