"""``step_screen`` builds the screen for a step of a table from the round's kind."""

from __future__ import annotations

from importlib import import_module

from tafel.services.session import CLOSING, PARTICIPANTS, TableView
from tafel.ui.screens.base import TableScreen

# Round kind → (module, class): the engine knows kinds, never a particular canvas.
KIND_SCREENS = {
    "values": ("tafel.ui.screens.values", "ValuesScreen"),
    "direction": ("tafel.ui.screens.direction", "DirectionScreen"),
    "notes": ("tafel.ui.screens.notes", "NotesScreen"),
    "advice": ("tafel.ui.screens.advice", "AdviceScreen"),
}


def step_screen(table_id: str, step: str, view: TableView) -> TableScreen:
    if step == PARTICIPANTS:
        from tafel.ui.screens.participants import ParticipantsScreen

        return ParticipantsScreen(table_id, step, view)
    if step == CLOSING:
        from tafel.ui.screens.closing import ClosingScreen

        return ClosingScreen(table_id, step, view)
    rnd = view.canvas.round(step)
    assert rnd is not None
    module, name = KIND_SCREENS[rnd.kind]
    screen: TableScreen = getattr(import_module(module), name)(table_id, step, view)
    return screen
