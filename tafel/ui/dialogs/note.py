"""Edit a note, a tension (two poles and an optional note) or an advice; returns the new fields."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from tafel.domain.entry import split_tags
from tafel.domain.errors import TafelError
from tafel.domain.limits import check_lengths
from tafel.domain.table import Item
from tafel.i18n import error, t
from tafel.ui.screens.base import TafelModal
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.text_input import TextInput
from tafel.ui.widgets.typing import HoldsAfterEnter


class NoteDialog(TafelModal):
    """``NoteDialog(item)`` edits; ``NoteDialog(None, tension=True, first="…")`` makes a tension."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("ctrl+s", "save", "tui.keys.save"),
        Binding("escape", "cancel", "tui.keys.cancel"),
    ]

    def __init__(self, item: Item | None, *, tension: bool = False, first: str = "") -> None:
        super().__init__()
        self.item = item
        self.tension = tension or (item is not None and item.kind == "tension")
        self.first = first

    def compose(self) -> ComposeResult:
        item = self.item
        title = "tui.dialog.edit_tension" if self.tension else "tui.dialog.edit_note"
        if item is None:
            title = "tui.dialog.new_tension"
        with Vertical(classes="dialog"):
            yield Static(t(title), classes="section")
            with Grid(classes="form -lines"):
                if self.tension:
                    poles = list(item.between) if item else [self.first, ""]
                    poles += [""] * (2 - len(poles))
                    yield Label(t("tui.dialog.pole_a"))
                    yield TextInput(poles[0], id="pole-a", compact=True, select_on_focus=False)
                    yield Label(t("tui.dialog.pole_b"))
                    yield TextInput(poles[1], id="pole-b", compact=True, select_on_focus=False)
                    yield Label(t("tui.dialog.note"))
                else:
                    yield Label(t("tui.dialog.text"))
                text = item.text if item else ""
                # Several lines, growing with the text: Enter goes on, Ctrl+J or Alt+Enter is a new line.
                yield LinesInput(text, id="text")
                yield Label(t("tui.dialog.tags"))
                yield TextInput(", ".join(item.tags) if item else "", placeholder=t("tui.dialog.tags_hint"),
                            id="tags", compact=True, select_on_focus=False)
            with Horizontal(classes="buttons"):
                yield Button(t("tui.dialog.save"), id="save", variant="primary")
                yield Button(t("tui.dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        for field in self.query("#pole-a, #pole-b, #text").results(HoldsAfterEnter):
            field.enter_moves_on = True  # Enter: the next field; keys typed ahead go with it
        if self.tension and self.item is None and self.first:
            self.query_one("#pole-b", Input).focus()
        else:
            self.query_one("#pole-a" if self.tension else "#text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["pole-a", "pole-b", "text", "tags"] if self.tension else ["text", "tags"]
        here = order.index(event.input.id or "text")
        if here + 1 < len(order):
            self.query_one(f"#{order[here + 1]}").focus()  # the note after the poles has several lines
            if isinstance(event.input, TextInput):
                event.input.hand_over()  # what was typed after Enter: the next field's
        else:
            self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_lines_input_submitted(self, event: LinesInput.Submitted) -> None:
        event.stop()  # Enter in the text: on to the tags, as in the other fields
        self.query_one("#tags", Input).focus()
        event.field.hand_over()

    def text_value(self) -> str:
        field = self.query_one("#text")
        return field.text if isinstance(field, TextArea) else self.query_one("#text", Input).value

    def action_save(self) -> None:
        fields: dict[str, Any] = {
            "text": self.text_value().strip(),
            "tags": split_tags(self.query_one("#tags", Input).value),
        }
        if self.tension:
            poles = [self.query_one(f"#pole-{x}", Input).value.strip() for x in "ab"]
            if not all(poles):
                self.notify(t("tui.notes.need_poles"), severity="warning")
                return
            fields["between"] = poles
        elif not fields["text"]:
            return
        try:
            check_lengths(fields)  # said here, with the text still in the dialog to shorten
        except TafelError as exc:
            self.notify(error(exc), severity="warning", timeout=8)
            return
        self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)
