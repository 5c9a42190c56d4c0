"""Building the moderator's app for tests: an in-memory store, a frozen clock, no cursor blink."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from textual.pilot import Pilot

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp

NOW = dt.datetime(2023, 6, 12, 14, 0, tzinfo=dt.UTC)
# How long until() waits at most: a ceiling, never waited out by a passing test. 200 looks (4 s)
# were too few for a table's start typed at once on a loaded machine (CI, 2 cores and 3 workers).
UNTIL_AT_MOST = 30.0


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def make_app(store: Store, library: Library, clock: Clock | None = None, **kwargs: Any) -> TafelApp:
    kwargs.setdefault("resume", True)
    kwargs.setdefault("share_host", "127.0.0.1")  # tests share on loopback only, the same on every machine
    app = TafelApp(settings_mod.load(), store=store, library=library, clock=clock or Clock(), blink=False,
                   **kwargs)
    app.run_test = _ends_with_screens_built(app, app.run_test)  # type: ignore[method-assign]
    return app


def _ends_with_screens_built(app: TafelApp, run_test: Any) -> Any:
    """``run_test`` whose end, as the moderator's Ctrl+Q does (``action_quit``), waits for a screen
    still being built: Textual ending the app then takes the screen apart under its own widgets'
    mount handlers, and the test failed with the app's error (a test ending right after opening a
    table, on a loaded machine). A test whose body raised ends at once."""

    @contextlib.asynccontextmanager
    async def run(*args: Any, **kwargs: Any) -> AsyncIterator[Pilot[None]]:
        async with run_test(*args, **kwargs) as pilot:
            yield pilot
            await until(pilot, lambda: True)  # until() waits while a screen is being built
    return run


def notices(app: TafelApp) -> list[str]:
    """The notifications showing now. Textual keeps them in ``App._notifications`` and has no public
    reader; tests/ui/test_textual_compat.py checks it still does."""
    return [n.message for n in app._notifications]


async def ready(app: TafelApp, pilot: Pilot[None]) -> None:
    """Wait until the store is open and the first screen shows the tables."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.moderation is not None


async def write(pilot: Pilot[None], text: str) -> None:
    """Type a text into the focused field: the first key for real, the rest as the field inserts it.

    Pressing every key of long texts makes a suite of whole tables take minutes; the field's own
    insert is what a keystroke ends in, and posts the same Changed message.
    """
    await pilot.press(text[0])
    focused = pilot.app.focused
    insert = getattr(focused, "insert_text_at_cursor", None) or getattr(focused, "insert", None)
    if insert is None:
        await pilot.press(*text[1:])
    else:
        insert(text[1:])
    await pilot.pause()


async def until(pilot: Pilot[None], holds: Callable[[], object], seconds: float = UNTIL_AT_MOST) -> None:
    """Pause until ``holds()`` is true: for what happens in the background (a palette's search, a
    timer, a worker), waited for instead of a pause of a guessed length. The test asserts after it."""
    app = pilot.app
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if holds() and not (isinstance(app, TafelApp) and app.building()):
            return  # and no screen half-built: a test ending then stops the app under it (quit waits)
        await pilot.pause(0.02)
    await pilot.pause()
