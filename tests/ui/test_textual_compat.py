"""Textual's private parts that tafel/ui/textual_compat.py uses are still there and still do that.

When one of these fails after a Textual upgrade, adapt textual_compat.py (or find the public
call that replaced it), then widen the bound on textual in pyproject.
"""

from __future__ import annotations

import inspect
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Label

from tafel.ui.textual_compat import CrashHook, build_ahead, replace_bindings


def _parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_private_names_have_the_signatures_textual_compat_calls() -> None:
    assert _parameters(App._load_screen_css) == ["self", "screen"]
    assert _parameters(App._get_screen) == ["self", "screen"]
    assert _parameters(App._handle_exception) == ["self", "error"]
    app = App[None]()
    assert isinstance(app._exit_renderables, list)
    assert hasattr(app._bindings, "key_to_bindings")


async def test_the_tests_reader_of_notifications_sees_what_notify_shows() -> None:
    # tests/ui/helpers.notices reads App._notifications: Textual has no public list of them.
    app = App[None]()
    async with app.run_test() as pilot:
        app.notify("een regel")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["een regel"]
        # tests/ui/screen_image.py reads the screen's cells from its compositor (no public reader either).
        assert all(hasattr(strip, "__iter__") for strip in app.screen._compositor.render_strips())


class Later(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Label("built ahead", id="later")


async def test_a_screen_built_ahead_has_its_widgets_before_it_is_shown() -> None:
    app = App[None]()
    async with app.run_test() as pilot:
        later = Later()
        app.install_screen(later, "later")
        assert build_ahead(app, later)
        await pilot.pause()
        assert later.query_one("#later", Label).is_mounted
        assert app.screen is not later  # built, not shown


class Crashing(CrashHook[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Exception] = []

    def crashed(self, error: Exception) -> None:
        self.seen.append(error)

    def on_mount(self) -> None:
        raise RuntimeError("made by the test")


async def test_the_crash_hook_sees_the_error_and_leaves_nothing_to_print_at_exit() -> None:
    app = Crashing()
    try:
        async with app.run_test():
            pass
    except RuntimeError:
        pass  # run_test re-raises the app's error for test frameworks
    assert [str(e) for e in app.seen] == ["made by the test"]
    assert app.return_code == 1
    assert app._exit_renderables == []  # no traceback with locals printed at exit


class Keyed(App[None]):
    BINDINGS = [Binding("f5", "refresh", "tui.test")]  # noqa: RUF012 - Textual's own class attribute


async def test_replaced_bindings_are_the_ones_the_app_shows() -> None:
    app = Keyed()
    replace_bindings(app, lambda b: Binding(b.key, b.action, "vertaald"))
    async with app.run_test():
        assert app.active_bindings["f5"].binding.description == "vertaald"  # what a Footer lists


def test_the_pilots_idle_wait_still_reads_the_pace_tests_pilot_pace_sets() -> None:
    # tests/pilot_pace.py sets these module globals; wait_for_idle must still read them at call time.
    import textual._wait as textual_wait

    from tests.pilot_pace import GRANULARITY

    assert textual_wait.SLEEP_GRANULARITY == GRANULARITY and textual_wait.SLEEP_IDLE == GRANULARITY / 20
    source = inspect.getsource(textual_wait.wait_for_idle)
    assert "sleep(SLEEP_GRANULARITY)" in source and "< SLEEP_IDLE" in source
    assert "wait_for_idle" in inspect.getsource(App._press_keys)
