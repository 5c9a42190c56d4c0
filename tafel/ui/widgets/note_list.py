"""A list of notes (one zone, or the advice) and the line a note is shown as."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import ListItem, ListView, Static

from tafel.domain.table import Item


def note_text(item: Item, *, rank: bool = False) -> Text:
    out = Text()
    if rank and item.rank is not None:
        out.append(f"{item.rank}. ", style="bold")
    if item.kind == "tension" and item.between:
        out.append(" ↔ ".join(item.between), style="bold")
        if item.text:
            out.append(" — ")
    out.append(item.text)
    for tag in item.tags:
        out.append(f"  #{tag}", style="italic dim")
    return out


class NoteItem(ListItem):
    def __init__(self, item: Item, *, rank: bool = False) -> None:
        super().__init__(Static(note_text(item, rank=rank), classes="note-text"))
        self.item = item


class NoteList(ListView):
    """Notes with keys to edit, delete and move; the screen does the work (actions bubble up)."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("delete,d", "screen.delete_note", "tui.keys.remove"),
        Binding("e", "screen.edit_note", "tui.keys.edit"),
        Binding("escape", "screen.to_input", "tui.keys.to_input"),
    ]

    def __init__(self, items: list[Item], *, rank: bool = False, **kwargs: Any) -> None:
        super().__init__(*(NoteItem(i, rank=rank) for i in items), **kwargs)
        self.rank = rank

    def show(self, items: list[Item], keep: str | None = None) -> None:
        self.clear()
        self.extend(NoteItem(i, rank=self.rank) for i in items)
        ids = [i.id for i in items]
        if keep in ids:
            self.index = ids.index(keep)

    @property
    def selected(self) -> Item | None:
        child = self.highlighted_child
        return child.item if isinstance(child, NoteItem) else None
