"""A list of notes (one zone, or the advice) and the line a note is shown as."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tafel.domain.table import Item

SHOWN = 300  # characters of a note shown in lists and on the board; the dialog and exports have all


def shortened(text: str, limit: int = SHOWN) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def note_text(item: Item, *, rank: bool = False, bullet: bool = False) -> Text:
    return note_line(item.rank if rank else None, bullet, item.between, item.text, item.tags)


def note_line(rank: int | None, bullet: bool, poles: Sequence[str], text: str, tags: Sequence[str]) -> Text:
    """A note as one (wrapping) line: its rank or a bullet, a tension's poles, the text, its tags.
    The note list and the summary on screen (round_text) both draw notes with it."""
    out = Text()
    if rank is not None:
        out.append(f"{rank}. ", style="bold")
    elif bullet:
        out.append("• ", style="dim")  # where one wrapped note ends and the next begins
    if poles:
        out.append(" ↔ ".join(shortened(p, 100) for p in poles), style="bold")
        if text:
            out.append(" — ")
    out.append(shortened(text))
    for tag in tags:
        out.append(f"  #{tag}", style="italic dim")
    return out


class NoteList(OptionList):
    """Notes with keys to edit, delete and move; the screen does the work (actions bubble up).

    An OptionList, not a ListView: its lines are not widgets, so a zone with many notes mounts
    in a few milliseconds.
    """

    BINDINGS: ClassVar[list[Any]] = [
        Binding("delete,d", "screen.delete_note", "tui.keys.remove"),
        Binding("e", "screen.edit_note", "tui.keys.edit"),
        Binding("escape", "screen.to_input", "tui.keys.to_input"),
    ]

    def __init__(self, items: list[Item], *, rank: bool = False, **kwargs: Any) -> None:
        super().__init__(*(Option(note_text(i, rank=rank, bullet=True), id=i.id) for i in items), markup=False,
                         **kwargs)
        self.rank = rank
        self.items = {i.id: i for i in items}

    def __len__(self) -> int:
        return self.option_count

    def show(self, items: list[Item], keep: str | None = None) -> None:
        here = self.highlighted
        self.items = {i.id: i for i in items}
        self.clear_options()
        self.add_options(Option(note_text(i, rank=self.rank, bullet=True), id=i.id) for i in items)
        ids = [i.id for i in items]
        if keep in ids:
            self.highlighted = ids.index(keep)
        elif here is not None and ids:
            self.highlighted = min(here, len(ids) - 1)

    @property
    def index(self) -> int | None:
        return self.highlighted

    @index.setter
    def index(self, value: int | None) -> None:
        self.highlighted = value

    @property
    def selected(self) -> Item | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.items.get(self.get_option_at_index(self.highlighted).id or "")
