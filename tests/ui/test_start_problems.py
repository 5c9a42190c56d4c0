"""Issue 9: a wrong settings.toml or a broken canvas file is said on the moderator's screen (and
skipped), instead of silently ignored or stopping the app."""

from __future__ import annotations

from tafel import settings as settings_mod
from tafel.canvases import load_library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tests.ui.helpers import Clock, ready


async def test_bad_settings_and_a_broken_canvas_are_said_at_start(store: Store) -> None:
    home = settings_mod.data_home()
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text("language = 5\n", "utf-8")
    (home / "canvases").mkdir()
    (home / "canvases" / "kapot.toml").write_text('id = "kapot"\nrounds = "geen lijst"\n', "utf-8")
    settings = settings_mod.load()
    library = load_library((), settings.user_canvases)
    app = TafelApp(settings, store=store, library=library, clock=Clock(), blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        said = " ".join(" ".join(str(toast.render()).split()) for toast in app.screen.query("Toast"))
        assert "settings.toml" in said and "language" in said
        assert "Canvas niet geladen" in said and "kapot.toml" in said
        assert app.screen.query_one("#tables") is not None  # the moderator goes on as usual
