"""The open table's screens, built once and kept while it is open: going back to a step (or the
overview) costs no mounting. Dropped when the table closes, so a next table starts afresh."""

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
            self.app.install_screen(screen, f"tafel-step-{step}")
            self.app.call_after_refresh(gc.freeze)  # the new screen's widgets live on too (see app.settle)
        return screen

    def overview(self, view: TableView, revision: int) -> OverviewScreen:
        """The open table's overview, drawn again only after edits."""
        from tafel.ui.screens.overview import OverviewScreen

        screen = self._overview
        if screen is None:
            screen = self._overview = OverviewScreen(view, revision)
            self.app.install_screen(screen, "tafel-overview")
            self.app.call_after_refresh(gc.freeze)
        screen.show(view, revision)
        return screen

    def drop(self) -> None:
        """Forget the screens (after they left the stack)."""
        screens: list[Any] = [*self._steps.values(), self._overview]
        self._steps, self._overview = {}, None
        for screen in screens:
            if screen is None:
                continue
            try:
                self.app.uninstall_screen(screen)
            except ScreenStackError:  # still on a stack: it goes when popped
                continue
            if screen.is_attached:
                screen.remove()
