"""Pick a value card by typing a few letters: matches as you type, ↑/↓ to choose, Enter to take.

Text that matches no card is offered as the participant's own card. Posts ``Picked``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tafel.domain.values import Deck
from tafel.i18n import t
from tafel.ui.widgets.text_input import TextInput

CUSTOM = "\x00custom"


class CardInput(TextInput):
    """The typing field; ↑/↓ move through the matches below it."""

    enter_moves_on = True  # Enter picks the card, on to the motivation (HoldsAfterEnter)

    BINDINGS: ClassVar[list[Any]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
    ]

    def action_move(self, delta: int) -> None:
        picker = self.parent
        if isinstance(picker, CardPicker):
            picker.move(delta)


class CardPicker(Vertical):
    @dataclass
    class Picked(Message):
        picker: CardPicker
        value: str
        custom: bool

    def __init__(self, deck: Deck, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="card-picker")
        self.deck = deck

    def compose(self) -> ComposeResult:
        yield CardInput(placeholder=t("tui.values.card_hint"), id="card-input")
        options = OptionList(id="card-options", markup=False)
        options.can_focus = False  # typing stays in the field; the list follows it
        yield options

    @property
    def input(self) -> Input:
        return self.query_one("#card-input", Input)

    def on_mount(self) -> None:
        self.show_matches("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_matches(event.value)

    def show_matches(self, typed: str, limit: int = 6) -> None:
        options = self.query_one("#card-options", OptionList)
        options.clear_options()
        found = self.deck.search(typed, limit=limit) if typed.strip() else []
        for card in found:
            label = card.value + (f"  — {card.description}" if card.description else "")
            options.add_option(Option(label, id=card.value))
        exact = self.deck.card(typed) if typed.strip() else None
        if typed.strip() and exact is None:
            options.add_option(Option(t("tui.values.custom_card", value=typed.strip()), id=CUSTOM))
        if options.option_count:
            options.highlighted = 0
        options.display = bool(options.option_count)

    def move(self, delta: int) -> None:
        options = self.query_one("#card-options", OptionList)
        if options.option_count:
            here = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, here + delta))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def submit(self, value: str | None = None) -> None:
        """Take the highlighted card, or the typed text as an own card (``value``: what Enter submitted)."""
        typed = (self.input.value if value is None else value).strip()
        if not typed:
            self.hand_over()  # nothing picked: the keys typed after Enter stay here
            return
        options = self.query_one("#card-options", OptionList)
        choice = None
        if options.highlighted is not None and options.option_count:
            choice = options.get_option_at_index(options.highlighted).id
        if choice and choice != CUSTOM:
            self.post_message(self.Picked(self, choice, False))
        else:
            self.post_message(self.Picked(self, typed, True))

    def hand_over(self) -> None:
        """The keys typed after Enter, to where the focus is now (HoldsAfterEnter.hand_over)."""
        field = self.input
        if isinstance(field, CardInput):
            field.hand_over()

    def set_value(self, value: str) -> None:
        with self.prevent(Input.Changed):
            self.input.value = value
        self.show_matches("")
