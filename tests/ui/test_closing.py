"""The closing screen: export, the QR code as a phone sees it on screen, and the share switch."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import zxingcpp
from textual.widgets import Static, Switch

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.qr import QRScreen
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_image, screen_text


def shows(app: TafelApp, text: str) -> bool:
    """``text`` is on screen, perhaps wrapped over lines."""
    return text in "".join(line.strip() for line in screen_text(app).splitlines())


def scanned(app: TafelApp) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(screen_image(app))]


async def open_closing(app: TafelApp, pilot, table_id: str) -> ClosingScreen:  # type: ignore[no-untyped-def]
    await ready(app, pilot)
    app.open_table(table_id, "closing")
    await pilot.pause()
    assert isinstance(app.screen, ClosingScreen)
    return app.screen


def status_of(screen: ClosingScreen, name: str) -> str:
    return str(screen.query_one(f"#{name}", Static).render())


async def test_export_shows_folder_url_and_a_qr_code_that_scans(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=8, notes=20)
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_closing(app, pilot, table_id)
        assert scanned(app) == []  # no code before the export
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = status_of(screen, "export-status")
        folder = Path(status.splitlines()[0].split(" naar ", 1)[1])
        url = status_of(screen, "export-url")
        assert url.startswith("http://") and url.endswith(f"/{store.share_token(table_id)}/")
        assert {p.name for p in folder.iterdir()} >= {"table.json", "summary.pdf", "index.html", "qr.png"}
        # The code drawn beside the summary scans, in the screen's own colours.
        assert scanned(app) == [url]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QRScreen)
        assert scanned(app) == [url]
        assert shows(app, url)
        await pilot.press("escape")
        assert app.screen is screen


async def test_a_100_character_url_fits_and_scans_at_80x24(store: Store, library: Library) -> None:
    url = "https://www.example.org/gesprekstafels/sturingsfilosofie/" + "x" * 43
    from tafel.ui.widgets.qr_view import halfblocks as qr_halfblocks

    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await app.push_screen(QRScreen(qr_halfblocks(url), url))
        await pilot.pause()
        assert scanned(app) == [url]
        assert shows(app, url)
        await pilot.resize_terminal(200, 60)  # drawn larger where there is room, and still scans
        await pilot.pause()
        assert scanned(app) == [url]


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read().decode("utf-8")


async def test_the_share_switch_serves_the_participant_page_and_the_qr_points_there(
    store: Store, library: Library
) -> None:
    table_id = fill_table(store, library, title="Tafel Delft", notes=6)
    app = make_app(store, library, share_host="127.0.0.1", share_port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_closing(app, pilot, table_id)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.desk.sharing.running and screen.query_one("#share-switch", Switch).value
        server = app.desk.sharing.server
        assert server is not None and server.host == "127.0.0.1" and server.port not in (0, 8470)
        base = f"http://127.0.0.1:{server.port}"
        assert base in status_of(screen, "share-status")
        # Switching on exported again: the code on screen now leads to this laptop's server.
        url = f"{base}/{store.share_token(table_id)}/"
        assert status_of(screen, "export-url") == url
        assert scanned(app) == [url]
        status, kind, page = fetch(url)
        assert status == 200 and kind.startswith("text/html") and "Tafel Delft" in page
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.desk.sharing.running and not screen.query_one("#share-switch", Switch).value
        try:
            fetch(url)
            raise AssertionError("the server still answers after it was switched off")
        except (urllib.error.URLError, ConnectionError):
            pass
        # On again, then quit: the server stops with the app.
        await pilot.press("s")
        await app.workers.wait_for_complete()
        assert app.desk.sharing.running
        server = app.desk.sharing.server
        await pilot.press("ctrl+q")
    assert server is not None and not server.running


async def test_a_port_in_use_is_one_calm_line(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, notes=0)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        app = make_app(store, library, share_host="127.0.0.1", share_port=port)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_closing(app, pilot, table_id)
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            line = status_of(screen, "share-status")
            assert f"127.0.0.1:{port}" in line and "Traceback" not in line
            assert not app.desk.sharing.running and not screen.query_one("#share-switch", Switch).value
    finally:
        taken.close()
