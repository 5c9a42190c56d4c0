"""How the closing screen looks after the export, and the QR code on the whole screen (Q), at 80×24 and
120×40, in Dutch and English.

The address in the code is made the same on every run and machine: the table's share token is set
before the export (it is random otherwise) and the laptop's network address is given (it is this
machine's otherwise); sharing is off, so the QR screen says so. The exports folder is relative to
the test's own folder. The snapshot stays exact.
Update after a deliberate change: ``pytest tests/ui/test_snapshots_share.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.pilot import Pilot

from tafel import i18n
from tafel.canvases import Library
from tafel.services import sharing
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.ui.helpers import make_app
from tests.ui.test_snapshots import SIZES, frozen  # noqa: F401 - the fixture, used by name

TOKEN = "Snapshot-token-012345678"  # as long as a real one (token_urlsafe(18): 24 characters)
LAPTOP = "192.168.1.20"  # the moderator's laptop on the venue's network


def with_token(store: Store, table_id: str) -> None:
    """The table's share token, as if it had been made before: the address is the same every run."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE tafel_table SET share_token = :token WHERE id = :id"),
                     {"token": TOKEN, "id": table_id})
    assert store.share_token(table_id) == TOKEN


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("screen", ["closing-exported", "qr"])
def test_after_the_export(screen: str, lang: str, size: tuple[int, int], snap_compare: Any, store: Store,
                          library: Library, frozen: None, tmp_path: Path,  # noqa: F811
                          monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language(lang)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAFEL_EXPORTS", "exports")  # shown on screen: the same words every run
    monkeypatch.setattr(sharing, "local_address", lambda: LAPTOP)
    table_id = fill_table(store, library, participants=5, notes=12)
    with_token(store, table_id)
    app = make_app(store, library, resume=False)

    async def before(pilot: Pilot[None]) -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.open_table(table_id, "closing")
        await pilot.pause()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.result is not None and app.screen.result.url == f"http://{LAPTOP}:8470/{TOKEN}/"
        if screen == "qr":
            await pilot.press("q")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)
