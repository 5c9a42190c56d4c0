"""The TUI sends in the background and its header says where things stand (venue mode)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tafel.canvases import Library
from tafel.settings import load
from tafel.storage.repository import Store
from tafel.ui.widgets.step_header import StepHeader
from tests.pg import free_port
from tests.ui.helpers import make_app, ready


def _count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


# How long the tests wait at most for the background sync: a ceiling, not a speed. It is a process of
# its own at a lower priority (nice): on a loaded machine its start alone took over 10 s.
SYNC_AT_MOST = 60.0


async def _until(predicate: object, timeout: float = SYNC_AT_MOST) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.1)
    return False


def _header(app: object) -> str:
    return str(app.screen.query_one(StepHeader).render_header().plain)  # type: ignore[attr-defined]


async def test_an_edit_reaches_postgresql_in_the_background_and_the_header_says_synced(
    tafel_home: Path, library: Library, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAFEL_SYNC_URL", pg_url)
    store = Store.open(load().db_url)
    table_id = store.create_table(title="Tafel Deventer", canvas="sturingsfilosofie")
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        assert await _until(lambda: "gesynchroniseerd " in _header(app)), _header(app)
        assert _count(pg_url, "SELECT count(*) FROM tafel_table") == 1
        assert app.moderation is not None
        app.moderation.workspace.store.add_participant(table_id, name="Anna", consent=True)
        # Sent by the background sync, no key pressed (benchmarks/bench_sync.py prints how soon).
        assert await _until(lambda: _count(pg_url, "SELECT count(*) FROM participant") == 1)


async def test_without_a_connection_the_header_says_everything_is_on_this_laptop(
    tafel_home: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAFEL_SYNC_URL", f"postgresql+psycopg://laptop:geheim@127.0.0.1:{free_port()}/programma")
    store = Store.open(load().db_url)
    table_id = store.create_table(title="Tafel Deventer", canvas="sturingsfilosofie")
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        assert await _until(lambda: "geen verbinding — alles staat op deze laptop" in _header(app)), _header(app)
        assert "geheim" not in _header(app)


def test_the_header_words_in_english() -> None:
    from tafel import i18n
    from tafel.ui.sync_status import status_text

    i18n.set_language("en")
    assert status_text("offline", None) == "no connection — everything is on this laptop"
    assert status_text("synced", "2026-11-27T13:03:00+00:00").startswith("synced ")
    i18n.set_language("nl")
    assert status_text("synced", "2026-11-27T13:03:00+00:00").startswith("gesynchroniseerd ")
