"""An `advice` round: a ranked list; type and Enter to add, Shift+↑/↓ to change the order.

The field grows with the text (an advice is often a few sentences): Ctrl+J or Alt+Enter starts a
new line; ↑ on its first line goes into the list.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, ClassVar

from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static, TextArea

from tafel.domain.table import Item
from tafel.i18n import t
from tafel.ui.screens.base import built, calm
from tafel.ui.screens.round_base import RoundScreen
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.note_list import NoteList
from tafel.ui.widgets.typing import SaveAsTyped, take_submitted

FIELD_LINES = (3, 7)  # the advice field with its border: one line of text, up to five as it grows


class AdviceInput(LinesInput):
    enter_takes_line = True  # each Enter lays an advice (typing.line_at_enter)
    BINDINGS: ClassVar[list[Any]] = [Binding("up", "cursor_up", "tui.keys.to_list", show=False)]

    def action_cursor_up(self, select: bool = False) -> None:
        screen = self.screen
        if not select and self.at_top() and isinstance(screen, AdviceScreen):
            screen.action_to_list()  # from the first line: the list above
        else:
            super().action_cursor_up(select)

    def take_lines(self, text: str) -> bool:
        screen = self.screen
        return isinstance(screen, AdviceScreen) and screen.paste_lines(self, text)


class AdviceList(NoteList):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("shift+up,ctrl+up", "screen.rank(-1)", "tui.keys.rank_up"),
        Binding("shift+down,ctrl+down", "screen.rank(1)", "tui.keys.rank_down"),
    ]


class AdviceScreen(RoundScreen):
    PALETTE = (*RoundScreen.PALETTE, ("to_input", "tui.palette.new_note"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draft: Item | None = None  # the advice being typed, saved as typed (Moderation.save_draft)
        self.typing = SaveAsTyped(self, self.save_draft)
        self.entering = False  # an Enter not saved (full disk): Ctrl+S adds it

    def advice(self) -> list[Item]:
        found = self.view.table.items_of(self.rnd.id, "advice")
        return sorted(found, key=lambda i: (i.rank is None, i.rank or 0))

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="advice-body", classes="body"):
            yield Label(t("tui.advice.title"), classes="section")
            yield AdviceList(self.advice(), rank=True, id="advice-list")
            yield AdviceInput(placeholder=t("tui.advice.add_hint"), id="advice-input", lines=FIELD_LINES)
            yield Static(t("tui.advice.keys_hint"), classes="hint")

    @built
    def on_mount(self) -> None:
        self.query_one("#advice-input", AdviceInput).focus()

    def refresh_view(self, keep: str | None = None) -> None:
        self.query_one("#advice-list", AdviceList).show(self.advice(), keep)

    def reload(self, keep: str | None = None) -> None:
        self.view = self.moderation.session.table_view()
        self.refresh_view(keep)

    def action_to_list(self) -> None:
        listing = self.query_one("#advice-list", AdviceList)
        if len(listing):
            listing.index = len(listing) - 1
            listing.focus()

    def action_to_input(self) -> None:
        self.query_one("#advice-input", AdviceInput).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if isinstance(event.text_area, AdviceInput):
            self.typing.changed()

    def on_lines_input_left(self, event: LinesInput.Left) -> None:
        if isinstance(event.field, AdviceInput) and self.typing.pending:
            self.save_draft()  # leaving the field saves it

    @calm
    def save_draft(self) -> bool:
        self.typing.saved()
        if self.is_mounted:
            typed = self.query_one("#advice-input", AdviceInput).value
            self.draft = self.moderation.notes.save_draft(self.table_id, self.rnd, None, typed, self.draft)
        return True

    def flush(self) -> bool:
        if not self.is_mounted:
            return True
        typed = self.query_one("#advice-input", AdviceInput).value.strip()
        unsaved = self.typing.pending or typed != (self.draft.text if self.draft else "")
        return bool(self.save_draft()) if unsaved else True

    def retry_save(self) -> None:
        """Ctrl+S: what is typed is saved; an advice whose Enter was not saved is added."""
        super().retry_save()
        if self.entering:
            self.submit(self.query_one("#advice-input", AdviceInput).value)

    def on_lines_input_submitted(self, event: LinesInput.Submitted) -> None:
        if isinstance(event.field, AdviceInput):
            event.stop()
            self.submit(event.value)

    @calm
    def submit(self, value: str) -> None:
        self.typing.saved()
        self.entering = True
        item = self.moderation.notes.add_advice(self.table_id, self.rnd, value, draft=self.draft)
        self.entering, self.draft = False, None
        take_submitted(self.query_one("#advice-input", AdviceInput), value)
        if item is not None:
            self.view.table.items[:] = [i for i in self.view.table.items if i.id != item.id] + [item]
            self.refresh_view()

    @calm
    def paste_lines(self, field: AdviceInput, text: str) -> bool:
        """Several lines pasted: laid at once, as one advice or one per line (``[tui] paste``)."""
        self.typing.saved()
        whole = field.with_inserted(text)
        laid = self.moderation.notes.add_pasted(self.table_id, self.rnd, None, whole, self.desk.paste_mode,
                                          draft=self.draft)
        self.draft = None
        field.value = ""
        ids = {i.id for i in laid}
        self.view.table.items[:] = [i for i in self.view.table.items if i.id not in ids] + laid
        self.refresh_view()
        self.notify(t("tui.notes.pasted", n=len(laid)))
        return True

    def _selected(self) -> Item | None:
        listing = self.query_one("#advice-list", AdviceList)
        return listing.selected if listing.has_focus else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_note()

    def action_edit_note(self) -> None:
        from tafel.ui.dialogs.note import NoteDialog

        item = self._selected()
        if item is None:
            return

        @calm
        def done(_: Any, fields: dict[str, Any] | None) -> None:
            if fields:
                self.moderation.notes.edit_item(item, **fields)
                self.reload(item.id)

        self.app.push_screen(NoteDialog(item), functools.partial(done, self))

    @calm
    def action_delete_note(self) -> None:
        item = self._selected()
        if item is None:
            return
        listing = self.query_one("#advice-list", AdviceList)
        index = listing.index or 0
        self.moderation.notes.delete_ranked(self.table_id, item.id, self.advice())
        self.reload()
        if len(listing):
            listing.index = min(index, len(listing) - 1)
        else:
            self.action_to_input()
        self.notify(t("tui.advice.deleted"))

    @calm
    def action_rank(self, delta: int) -> None:
        item = self._selected()
        if item is None:
            return
        ordered = self.advice()
        here = next(n for n, i in enumerate(ordered) if i.id == item.id)
        there = here + delta
        if not 0 <= there < len(ordered):
            return
        ordered[here], ordered[there] = ordered[there], ordered[here]
        self.moderation.notes.rank(self.table_id, ordered)
        self.reload(item.id)
