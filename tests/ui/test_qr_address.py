"""The address under (or beside) the full-screen QR code, at 80×24, readable whole.

The moderator turns the laptop to the table; who cannot scan types the address. A published
address (``base_url``) of some 110 characters made a code of 23 lines: the address was under
the screen's edge, not shown at all. One of 80 to 105 characters was folded at the screen's
edge, inside a word. Now it is on one line where it fits, else broken only where a reader sees
it goes on (after a slash, before a dot or a hyphen), and beside the code when there is no room
under it."""

from __future__ import annotations

from itertools import pairwise

import pytest
from textual.pilot import Pilot

from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.qr import QRScreen
from tafel.ui.widgets.qr_view import halfblocks, url_lines
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, until
from tests.ui.screen_image import screen_text
from tests.ui.test_closing import scanned

# Where a line of an address may end: after a slash, or before one of these (never after a hyphen,
# which reads as a word broken in two).
GOES_ON_BEFORE = ".-_?#&=~"


def address_on_screen(app: TafelApp, url: str) -> list[str]:
    """The rows' pieces of ``url``, top to bottom: each row's last word, where it is part of the address
    (beside the code a row starts with the code's blocks; an address holds no spaces)."""
    pieces = []
    for row in screen_text(app).splitlines():
        words = row.split()
        if words and len(words[-1]) > 4 and words[-1] in url:
            pieces.append(words[-1])
    return pieces


def broken_well(pieces: list[str]) -> bool:
    return all(a.endswith("/") or b[0] in GOES_ON_BEFORE for a, b in pairwise(pieces))


async def q_on_the_closing_screen(app: TafelApp, pilot: Pilot[None], table_id: str) -> str:
    """Export on the closing screen, then Q: the exported address, shown on the whole screen."""
    await ready(app, pilot)
    app.open_table(table_id, "closing")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ClosingScreen)
    await pilot.press("e")
    await app.workers.wait_for_complete()
    await until(pilot, lambda: screen.result is not None)
    await pilot.press("q")
    await until(pilot, lambda: isinstance(app.screen, QRScreen))
    assert screen.result is not None and screen.result.url
    return screen.result.url


def one_line_shows(app: TafelApp, url: str) -> bool:
    return any(url in row for row in screen_text(app).splitlines())


async def test_the_exported_address_is_one_line_at_80x24(store: Store, library: Library) -> None:
    """On the closing screen it was in the side under the code, folded inside its token
    ("…/WAMB0bL_X15Gw"), the rest below the side's edge: it looked whole, and was not."""
    table_id = fill_table(store, library, notes=4)
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        url = await q_on_the_closing_screen(app, pilot, table_id)
        assert url.startswith("http://") and len(url) < 76
        assert one_line_shows(app, url)  # under the code Q shows on the whole screen
        assert scanned(app) == [url]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ClosingScreen))
        assert one_line_shows(app, url)  # and on the closing screen, with its code that scans
        assert scanned(app) == [url]


async def test_a_long_published_address_is_all_on_screen_beside_the_code_at_80x24(
    store: Store, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A published address (``base_url``) of 110 characters: its code is 23 lines high, and the
    address was below the screen's edge."""
    base = "https://gesprekstafels.gemeente-voorbeeldstad.nl/verslagen/2026/sturingsfilosofie"
    monkeypatch.setenv("TAFEL_BASE_URL", base)
    table_id = fill_table(store, library, notes=4)
    app = make_app(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        url = await q_on_the_closing_screen(app, pilot, table_id)
        assert url.startswith(base) and len(url) > 105
        pieces = address_on_screen(app, url)
        assert "".join(pieces) == url, pieces
        assert broken_well(pieces), pieces
        assert scanned(app) == [url]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_an_address_longer_than_the_screen_is_wide_is_broken_where_it_goes_on(
    store: Store, library: Library, size: tuple[int, int]
) -> None:
    """90 characters under a code that fits: folded at the screen's edge, it was cut in a word."""
    url = "https://www.voorbeeld.nl/gesprekstafels-utrecht/sturingsfilosofie/WAMB0bL_X15Gw5UyY1k2XoHj/"
    app = make_app(store, library)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await app.push_screen(QRScreen(halfblocks(url), url))
        await pilot.pause()
        pieces = address_on_screen(app, url)
        assert "".join(pieces) == url, pieces
        assert broken_well(pieces), pieces
        assert scanned(app) == [url]


def test_an_address_is_broken_after_a_slash_or_before_a_dot_never_after_a_hyphen() -> None:
    url = "https://gesprekstafels.gemeente-voorbeeldstad.nl/verslagen/2026/WAMB0bL_X15Gw5UyY1k2XoHj/"
    assert url_lines(url, 200) == [url]
    for width in range(26, 60):
        lines = url_lines(url, width)
        assert "".join(lines) == url and all(len(line) <= width for line in lines)
        assert broken_well(lines), (width, lines)
    assert url_lines(url, 30) == ["https://gesprekstafels", ".gemeente-voorbeeldstad.nl/", "verslagen/2026/",
                                  "WAMB0bL_X15Gw5UyY1k2XoHj/"]
    assert url_lines("https://x.nl/" + "a" * 30, 20) == ["https://x.nl/", "a" * 20, "a" * 10]  # no other way
