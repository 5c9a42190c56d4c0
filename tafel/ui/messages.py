"""What a screen asks of the app: open a table, go to a step, close the table.

Screens post these (they bubble up to ``TafelApp``) instead of calling the app's methods: a
screen knows the step it wants, the app knows the screen stack.
"""

from __future__ import annotations

from textual.events import Key, Paste
from textual.message import Message


class OpenTable(Message):
    """Open a table at ``step`` (None: where it was left); ``keys``: typed (or pasted) ahead, for its first screen."""

    def __init__(self, table_id: str, step: str | None = None, keys: tuple[Key | Paste, ...] = ()) -> None:
        super().__init__()
        self.table_id, self.step, self.keys = table_id, step, keys


class GoToStep(Message):
    """Leave the current step (saving what is pending) for another of the open table."""

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step


class CloseTable(Message):
    """Back to the list of tables (what is typed is saved first)."""
