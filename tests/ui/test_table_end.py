"""A table's beginning and end: a date typed as people write it, ``ended_at`` at the closing,
an ended table reopened at its closing, and the full-screen QR code saying that sharing is off."""

from __future__ import annotations

from tafel.canvases import Library
from tafel.i18n import t
from tafel.storage.repository import Store
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.new_table import NewTableScreen
from tafel.ui.screens.qr import QRScreen
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_text


async def test_a_date_typed_day_first_is_taken(store: Store, library: Library) -> None:
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewTableScreen)
        assert screen.query_one("#date").value == "12-06-2023"  # today, in the Dutch form
        screen.query_one("#title").value = "Tafel Zwolle"
        screen.query_one("#date").value = "27-11-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
    (table,) = [s for s in store.list_tables() if s.title == "Tafel Zwolle"]
    assert table.date == "2026-11-27"


async def test_closing_ends_the_table_and_reopening_lands_there(store: Store, library: Library) -> None:
    table_id = fill_table(store, library)
    assert store.get_table(table_id).ended_at is None
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "closing")
        await pilot.pause()
        await pilot.pause()
        assert store.get_table(table_id).ended_at == "2023-06-12T14:00:00+00:00"
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QRScreen)
        shown = " ".join(" ".join(line.split()) for line in screen_text(app).splitlines())
        assert "Delen staat uit" in shown  # the code points at this laptop, which is not sharing
        await pilot.press("escape")
        await pilot.press("f3")  # back to the last round: the table stays ended
        await pilot.pause()
        await pilot.press("f9")  # to the tables list, and open it again: at its closing
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert t("tui.qr.sharing_off").startswith("Delen staat uit")


async def test_below_the_canvas_minimum_one_calm_line(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=2)  # sturingsfilosofie asks for at least 4
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        shown = " ".join(" ".join(line.split()) for line in screen_text(app).splitlines())
        assert "2 aan tafel; dit canvas is bedoeld voor minstens 4." in shown
        await pilot.press("f4")  # never a block: on to the first round
        await pilot.pause()
        assert app.step != "participants"


async def test_a_canvas_saved_while_tafel_runs_is_in_the_new_table_list(store: Store, library: Library) -> None:
    from textual.widgets import OptionList, Select

    from tafel.canvases import builtin_dir

    app = make_app(store, None, resume=False)  # the library read from the folders, as tafel does
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        folder = app.settings.user_canvases
        folder.mkdir(parents=True, exist_ok=True)
        shipped = (builtin_dir() / "vijf-stappen.toml").read_text("utf-8")
        (folder / "eigen.toml").write_text(
            shipped.replace('id = "vijf-stappen"', 'id = "eigen"', 1).replace(
                'name = "Vijf stappen: overheid en samenleving verbinden"', 'name = "Eigen canvas"', 1), "utf-8")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewTableScreen)
        options = [str(o.prompt) for o in app.screen.query_one("#canvas", Select).query_one(OptionList).options]
        assert "Eigen canvas" in options
