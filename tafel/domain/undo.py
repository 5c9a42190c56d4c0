"""An undo stack for one session: each entry knows how to put back what an edit changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UndoEntry:
    label: str  # a catalogue key naming what the undo puts back
    revert: Callable[[], object]
    table_id: str | None = None


class UndoStack:
    """Last in, first out; bounded, so a long session does not grow without end."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._entries: list[UndoEntry] = []

    def push(self, label: str, revert: Callable[[], object], table_id: str | None = None) -> None:
        self._entries.append(UndoEntry(label, revert, table_id))
        if len(self._entries) > self.limit:
            del self._entries[0]

    def pop(self) -> UndoEntry | None:
        return self._entries.pop() if self._entries else None

    def peek(self) -> UndoEntry | None:
        return self._entries[-1] if self._entries else None

    def __len__(self) -> int:
        return len(self._entries)
