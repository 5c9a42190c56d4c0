"""The open table's screens, built once and kept while it is open: going back to a step (or the
overview) costs no mounting. Dropped when the table closes, so a next table starts afresh.

Each opening is a generation of its own, in the screens' names too: a drop asked for when a
table closed, run after the next table already opened (keys typed ahead: F9, then Enter on the
list), leaves the new table's screens alone; a screen still on a stack when dropped is let go at
the next drop, and its name is never asked for again."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from textual.app import App, ScreenStackError

if TYPE_CHECKING:
    from tafel.services.session import TableView
    from tafel.ui.screens.base import TableScreen
    from tafel.ui.screens.overview import OverviewScreen


class KeptScreens:
    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._steps: dict[str, TableScreen] = {}
        self._overview: OverviewScreen | None = None
        self.generation = 0
        self._left: list[Any] = []  # dropped while still on a stack: uninstalled at the next drop

    def __len__(self) -> int:
        """How many of the table's steps have their screen built."""
        return len(self._steps)

    def missing(self, steps: list[str]) -> list[str]:
        return [s for s in steps if s not in self._steps]

    def step(self, table_id: str, step: str, view: TableView, revision: int) -> TableScreen:
        """The step's screen, built on the first call for the open table."""
        from tafel.ui.screens.steps import step_screen

        screen = self._steps.get(step)
        if screen is None:
            screen = self._steps[step] = step_screen(table_id, step, view)
            screen.seen_revision = revision  # what it shows; read again if edited later
            self.app.install_screen(screen, f"tafel-step-{self.generation}-{step}")
            self.app.call_after_refresh(gc.freeze)  # the new screen's widgets live on too (see settle)
        return screen

    def overview(self, view: TableView, revision: int) -> OverviewScreen:
        """The open table's overview, drawn again only after edits."""
        from tafel.ui.screens.overview import OverviewScreen

        screen = self._overview
        if screen is None:
            screen = self._overview = OverviewScreen(view, revision)
            self.app.install_screen(screen, f"tafel-overview-{self.generation}")
            self.app.call_after_refresh(gc.freeze)
        screen.show(view, revision)
        return screen

    def building(self) -> bool:
        """Whether a screen of the table is still being built (mounted, part of it not yet)."""
        screens = [*self._left, *self._steps.values(), self._overview]
        return any(s is not None and s.is_attached and not s.is_mounted for s in screens)

    def drop(self, generation: int | None = None) -> None:
        """Forget the screens (after they left the stack); ``generation``: only if they are still
        that opening's (a drop asked for at closing time, run later)."""
        if generation is not None and generation != self.generation:
            return
        screens: list[Any] = [*self._left, *self._steps.values(), self._overview]
        self._steps, self._overview, self._left = {}, None, []
        self.generation += 1
        for screen in screens:
            if screen is None:
                continue
            try:
                self.app.uninstall_screen(screen)
            except ScreenStackError:  # still on a stack: tried again at the next drop
                self._left.append(screen)
                continue
            if screen.is_attached:
                screen.remove()


def settle() -> None:
    """Keep what is loaded by now out of the garbage collector's full passes.

    The widgets, the canvases and the database layer make hundreds of thousands of objects; a
    full collection walking them all stopped the app for 100–170 ms, now and then, mid-typing.
    They live as long as the app does, so they are frozen (``gc.freeze``) once loaded.
    """
    gc.collect()
    gc.freeze()
