"""How the screens look, at 80×24 and 120×40, with the clock, timestamps and cursor frozen.

Update after a deliberate change: ``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.pilot import Pilot

from tafel.canvases import Library
from tafel.storage import transactions
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.ui.helpers import make_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every timestamp the store writes is the same instant; local time is UTC."""
    monkeypatch.setattr(transactions, "now_iso", lambda: "2023-06-12T14:00:00.000000+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def step_of(library: Library, kind: str) -> str:
    return next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == kind)


def snapshot_app(store: Store, library: Library, step: str | None, overview: bool = False) -> tuple[Any, Any]:
    table_id = fill_table(store, library, participants=5, notes=12)
    app = make_app(store, library, resume=False)

    async def before(pilot: Pilot[None]) -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if step is not None:
            app.open_table(table_id, step)
            await pilot.pause()
        if overview:
            await pilot.press("f2")
        await pilot.pause()

    return app, before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ["start", "values", "notes", "overview", "closing"])
def test_screen_looks_right(screen: str, size: tuple[int, int], snap_compare: Any, store: Store,
                            library: Library, frozen: None) -> None:
    step = {
        "start": None, "values": step_of(library, "values"), "notes": step_of(library, "notes"),
        "overview": step_of(library, "notes"), "closing": "closing",
    }[screen]
    app, before = snapshot_app(store, library, step, overview=screen == "overview")
    assert snap_compare(app, terminal_size=size, run_before=before)


def longest_prompt(library: Library, kind: str) -> tuple[str, str]:
    """The canvas and round of the shipped round of ``kind`` with the longest prompt."""
    _, canvas, round_id = max(
        (len(r.prompt), c.id, r.id) for c in library.all() for r in c.rounds if r.kind == kind
    )
    return canvas, round_id


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("screen", ["new", "participants", "values", "direction", "notes", "advice", "prompt",
                                    "help"])
def test_every_kind_with_the_longest_prompt(screen: str, lang: str, size: tuple[int, int], snap_compare: Any,
                                            store: Store, library: Library, frozen: None) -> None:
    """Each kind of screen, on the round with the longest prompt shipped: at 80×24 the prompt folds
    to its first lines ending in "F6", and F6 shows it whole (``prompt``); 120×40 shows it all."""
    from tafel import i18n

    i18n.set_language(lang)
    kind = "notes" if screen in ("prompt", "help") else screen
    if kind in ("participants", "new"):
        canvas, step = "sturingsfilosofie", "participants"
    else:
        canvas, step = longest_prompt(library, kind)
    table_id = fill_table(store, library, canvas=canvas, participants=5, notes=12)
    app = make_app(store, library, resume=False)

    async def before(pilot: Pilot[None]) -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if screen == "new":
            await pilot.press("n")
        else:
            app.open_table(table_id, step)
        await pilot.pause()
        if screen in ("prompt", "help"):
            await pilot.press("f6" if screen == "prompt" else "f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)
