"""End to end, slow (a real browser): a note typed in the moderator's TUI shows on a phone's live page
as it is laid, and exporting the table turns that page into the summary."""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.screens.live_qr import LiveQRScreen
from tafel.ui.widgets.lines_input import LinesInput
from tests.axe import ARGS, CHROMIUM, needs_chromium
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready, write

pytestmark = [needs_chromium, pytest.mark.browser]


class Browser:
    """Headless Chromium in its own thread (Playwright's sync API wants no running event loop)."""

    def __init__(self) -> None:
        self.jobs: queue.Queue[tuple[Callable[[Any], Any], concurrent.futures.Future[Any]] | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            while (job := self.jobs.get()) is not None:
                fn, done = job
                try:
                    done.set_result(fn(page))
                except BaseException as exc:
                    done.set_exception(exc)
            browser.close()

    async def do(self, fn: Callable[[Any], Any]) -> Any:
        done: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self.jobs.put((fn, done))
        return await asyncio.wrap_future(done)

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join(20)


# How long the browser waits at most for what it should show: a ceiling for a loaded machine (Chromium
# shares two cores with the test workers), not a speed; benchmarks/bench_live.py prints how soon.
SEEN_AT_MOST = 30.0


def _seen_at(text: str, timeout: float = SEEN_AT_MOST) -> Callable[[Any], None]:
    def wait(page: Any) -> None:
        page.get_by_text(text).first.wait_for(timeout=timeout * 1000)

    return wait


async def test_a_note_typed_in_the_tui_shows_on_the_live_page(
    tafel_home: Path, library: Library,
) -> None:
    settings = settings_mod.load()
    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.db_url)  # a real file: the share server reads it over its own connection
    table_id = fill_table(store, library, title="Tafel Live", participants=2, notes=0)
    notes = next(r for r in library.get("sturingsfilosofie").rounds if r.kind == "notes")
    app = make_app(store, library, share_host="127.0.0.1", share_port=0)
    browser = Browser()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(app, pilot)
            app.open_table(table_id, notes.id)
            await pilot.pause()
            await pilot.press("f8")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LiveQRScreen)
            assert "Delen staat uit" in str(screen.query_one("#qr-url").render())
            await pilot.press("enter")  # switch sharing on, here
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.desk.sharing.running and screen.url.endswith(f"/{store.share_token(table_id)}/")
            assert screen.query_one("#qr-big").display
            url = screen.url
            await browser.do(lambda page: page.goto(url))
            await browser.do(_seen_at("Tafel Live"))
            await pilot.press("escape")
            await pilot.pause()

            note = app.screen.focused
            assert isinstance(note, LinesInput)
            await write(pilot, "Vertrouwen groeit aan tafel")
            await pilot.press("enter")
            # Shown without a reload (benchmarks/bench_live.py prints how soon, under load).
            await browser.do(_seen_at("Vertrouwen groeit aan tafel"))

            app.go_to("closing")
            await pilot.pause()
            await pilot.press("e")  # export: the table is closed, its address is the summary now
            await app.workers.wait_for_complete()
            await pilot.pause()

            def summary_shown(page: Any) -> str:
                page.locator('a[href="summary.pdf"]').wait_for(timeout=SEEN_AT_MOST * 1000)
                return str(page.content())

            content = await browser.do(summary_shown)
            assert "Vertrouwen groeit aan tafel" in content and "<script" not in content
    finally:
        browser.close()
        store.close()
