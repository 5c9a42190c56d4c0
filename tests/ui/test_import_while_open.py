"""Issue 9: a table open in the TUI while ``tafel import`` merges a newer export of it in another
terminal: the screen shows the merged table, and what the moderator typed here stays."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from tafel.canvases import Library
from tafel.services.exchange import dumps, export_document
from tafel.storage.repository import Store
from tafel.ui import app as app_mod
from tests.factories import fill_table
from tests.process import run_tafel
from tests.ui.helpers import make_app, ready, write
from tests.ui.screen_image import screen_text

EVERY = 0.1  # seconds between the app's looks for changes made elsewhere (2 s in use)


async def test_an_import_in_another_terminal_shows_on_the_open_screen(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_mod, "ELSEWHERE_EVERY", EVERY)
    home = tmp_path / "home"
    home.mkdir()
    store = Store.open(f"sqlite:///{home / 'tafel.db'}")
    table_id = fill_table(store, library, participants=2, notes=0)
    rnd = next(r for r in library.get("sturingsfilosofie").rounds if r.kind == "notes")
    # The same table as another laptop exported it, with a note made there.
    doc = export_document(store.get_table(table_id), library)
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).replace(microsecond=0)
    doc["exported_at"] = later.isoformat().replace("+00:00", "Z")
    doc["items"].append({
        "id": str(uuid.uuid4()), "round": rnd.id, "kind": rnd.zones[0].kind, "zone": rnd.zones[0].id,
        "text": "Genoteerd op de andere laptop",
    })
    export = tmp_path / "table.json"
    export.write_text(dumps(doc), "utf-8")

    app = make_app(store, library)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, rnd.id)
        await pilot.pause()
        await write(pilot, "Hier getypt")
        await pilot.press("enter")
        await pilot.pause()
        ran = run_tafel("import", export, cwd=tmp_path, home=home)
        assert ran.code == 0, ran.err
        assert "1 notitie nieuw" in ran.out
        for _ in range(100):  # the next look finds it (waited for, not timed)
            await pilot.pause(EVERY)
            if "Genoteerd op de andere laptop" in (shown := screen_text(app)):
                break
        await pilot.pause()
        shown = screen_text(app)
        assert "Genoteerd op de andere laptop" in shown and "Hier getypt" in shown
        toasts = " ".join(str(toast.render()) for toast in app.screen.query("Toast"))
        assert "bijgewerkt door een import" in " ".join(toasts.split())
        # Typing goes on as before: the next note is the moderator's own, and nothing is read twice.
        await write(pilot, "Nog een")
        await pilot.press("enter")
        await pilot.pause(3 * EVERY)  # a few looks more
        await pilot.pause()
    texts = [i.text for i in store.get_table(table_id).items_of(rnd.id)]
    assert sorted(texts) == sorted(["Hier getypt", "Genoteerd op de andere laptop", "Nog een"])
    assert json.loads(export.read_text("utf-8"))["table"]["id"] == table_id
    store.close()
