"""A `values` round: per participant a card from the deck, the motivation, and the values it names.

Flow for someone typing while listening: type a few letters of the card, Enter; type the
motivation (saved as typed); Ctrl+R takes the suggested other values; Enter goes to the next
participant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tafel.domain.table import Item, Participant
from tafel.domain.values import Deck
from tafel.i18n import t
from tafel.services.session import TableView
from tafel.ui.screens.base import built, calm
from tafel.ui.screens.round_base import RoundScreen
from tafel.ui.widgets.card_picker import CardPicker
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.typing import SaveAsTyped


class ValuesScreen(RoundScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("ctrl+r", "take_refs", "tui.keys.take_refs"),
        Binding("ctrl+up", "participant(-1)", "tui.keys.prev_participant"),
        Binding("ctrl+down", "participant(1)", "tui.keys.next_participant"),
        Binding("ctrl+l", "clear_refs", "tui.keys.clear_refs", show=False),
    ]
    PALETTE = (*RoundScreen.PALETTE, ("take_refs", "tui.keys.take_refs"),
               ("clear_refs", "tui.keys.clear_refs"), ("participant(1)", "tui.keys.next_participant"))

    def __init__(self, table_id: str, step: str, view: TableView) -> None:
        super().__init__(table_id, step, view)
        self.deck = Deck(view.canvas.deck)
        self.index = 0
        self.suggested: list[str] = []
        self.typing = SaveAsTyped(self, self.save_motivation)

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(classes="body"):
            with Vertical(id="who-side"):
                yield Label(t("tui.values.participants"), classes="section")
                yield OptionList(id="who", markup=False)
            with Vertical(id="value-form"):
                yield Label(id="who-title", classes="section")
                yield Label(t("tui.values.card"))
                yield CardPicker(self.deck, id="picker")
                yield Static(id="picked")
                yield Label(t("tui.values.motivation"))
                # Several lines, growing: Enter goes on, Ctrl+J or Alt+Enter starts a new line.
                motivation = LinesInput(placeholder=t("tui.values.motivation_hint"), id="motivation")
                motivation.enter_moves_on = True  # Enter: on to the next participant (LinesInput.hand_over)
                yield motivation
                yield Static(id="suggest", classes="suggest")
                yield Static(id="refs")

    @built  # built ahead (TafelApp.prebuild) while the app quits: no error
    def on_mount(self) -> None:
        self.setup(first=True)

    def reload(self) -> None:
        self.view = self.moderation.session.table_view()
        self.setup(first=False)

    def setup(self, first: bool) -> None:
        """Show the participants and open one: the first without a card, or where the moderator was."""
        people = self.view.table.participants
        self.query_one("#value-form").disabled = not people
        if not people:
            self.query_one("#who-title", Label).update(t("tui.values.no_participants"))
            self.refresh_view()
            return
        if first or not 0 <= self.index < len(people):
            done = {i.participant for i in self._items() if i.value}
            self.index = next((n for n, p in enumerate(people) if p.id not in done), 0)
            ids = [p.id for p in people]
            last = self.moderation.session.last_focus()
            if first and last in ids:  # back where the moderator was when tafel stopped
                self.index = ids.index(last)
        self.refresh_view()
        self.load_participant()

    def on_screen_resume(self) -> None:
        p = self.participant
        if p is not None:
            self.call_after_refresh(self.moderation.session.remember_focus, p.id)

    # -- data ------------------------------------------------------------------------------

    def _items(self) -> list[Item]:
        return self.view.table.items_of(self.rnd.id, "value")

    def item_of(self, participant: Participant) -> Item | None:
        return next((i for i in self._items() if i.participant == participant.id), None)

    @property
    def participant(self) -> Participant | None:
        people = self.view.table.participants
        return people[self.index] if 0 <= self.index < len(people) else None

    def refresh_view(self) -> None:
        who = self.query_one("#who", OptionList)
        who.clear_options()
        for n, p in enumerate(self.view.table.participants, 1):
            item = self.item_of(p)
            card = item.value if item and item.value else "…"
            name = p.name or p.sector or t("tui.participants.anonymous")
            who.add_option(Option(f"{n}. {name} — {card}", id=p.id))
        if self.view.table.participants:
            who.highlighted = self.index
        self.show_item()

    def show_item(self) -> None:
        p = self.participant
        if p is None:
            return
        item = self.item_of(p)
        name = p.name or t("tui.participants.anonymous")
        self.query_one("#who-title", Label).update(
            Text(t("tui.values.for", n=self.index + 1, name=name, sector=p.sector or "–")))
        picked = Text.assemble((t("tui.values.picked") + " ", "dim"))
        picked.append(item.value if item and item.value else t("tui.values.none_yet"), style="bold")
        self.query_one("#picked", Static).update(picked)
        refs = Text.assemble((t("tui.values.refs") + " ", "dim"))
        refs.append(", ".join(item.refs) if item and item.refs else "–")
        self.query_one("#refs", Static).update(refs)
        self.update_suggestions()

    def load_participant(self, focus_card: bool = True) -> None:
        p = self.participant
        if p is None:
            return
        item = self.item_of(p)
        self.query_one("#picker", CardPicker).set_value("")
        motivation = self.query_one("#motivation", LinesInput)
        with motivation.prevent(TextArea.Changed):
            motivation.value = item.text if item else ""
        self.show_item()
        if self.is_current:  # a screen built ahead (see TafelApp.prebuild) is not where the moderator is
            self.moderation.session.remember_focus(p.id)
        if focus_card and not (item and item.value):
            self.query_one("#picker", CardPicker).input.focus()
        else:
            motivation.focus()
        self.query_one("#who", OptionList).highlighted = self.index

    def _replace(self, item: Item) -> None:
        items = self.view.table.items
        for n, old in enumerate(items):
            if old.id == item.id:
                items[n] = item
                return
        items.append(item)

    # -- events ----------------------------------------------------------------------------

    @calm
    def on_card_picker_picked(self, event: CardPicker.Picked) -> None:
        p = self.participant
        if p is None:
            return
        item = self.moderation.values.set_value(self.table_id, self.rnd, p.id, value=event.value,
                                         item=self.item_of(p))
        self._replace(item)
        event.picker.set_value("")
        self.refresh_view()
        self.query_one("#motivation", LinesInput).focus()
        event.picker.hand_over()  # what was typed after Enter: the motivation

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "motivation":
            return
        self.update_suggestions()
        self.typing.changed()

    def on_lines_input_left(self, event: LinesInput.Left) -> None:
        if event.field.id == "motivation":
            self.save_motivation()  # leaving the field saves it

    def on_lines_input_submitted(self, event: LinesInput.Submitted) -> None:
        if event.field.id == "motivation":
            event.stop()
            self.action_participant(1)
            event.field.hand_over()  # what was typed after Enter: the next participant's

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "who" and self.save_motivation():
            self.index = event.option_index
            self.load_participant()

    def update_suggestions(self) -> None:
        p = self.participant
        if p is None:
            return
        text = self.query_one("#motivation", LinesInput).value
        self.suggested = self.moderation.values.suggestions(self.view, self.item_of(p), text)
        out = Text()
        if self.suggested:
            out.append(t("tui.values.suggest") + " ", style="dim")
            out.append(", ".join(self.suggested), style="bold")
            out.append("   " + t("tui.values.suggest_key"), style="dim")
        self.query_one("#suggest", Static).update(out)

    @calm
    def save_motivation(self) -> bool:
        """Save the motivation as typed; None (falsy) when the write failed (said on screen)."""
        self.typing.saved()
        p = self.participant
        if p is None or not self.is_mounted:
            return True
        text = self.query_one("#motivation", LinesInput).value
        item = self.item_of(p)
        if (item.text if item else "") == text:
            return True
        self._replace(self.moderation.values.set_value(self.table_id, self.rnd, p.id, text=text, item=item))
        return True

    def flush(self) -> bool:
        return bool(self.save_motivation())

    def retry_save(self) -> None:
        """Ctrl+S: the motivation, and a card typed whose pick was not saved."""
        super().retry_save()
        picker = self.query_one("#picker", CardPicker)
        if picker.input.value.strip():
            picker.submit()

    # -- actions ---------------------------------------------------------------------------

    @calm
    def action_take_refs(self) -> None:
        p = self.participant
        if p is None or not self.suggested or not self.save_motivation():
            return
        item = self.item_of(p)
        refs = list(dict.fromkeys([*(item.refs if item else []), *self.suggested]))
        self._replace(self.moderation.values.set_value(self.table_id, self.rnd, p.id, refs=refs, item=item))
        self.notify(t("tui.values.refs_taken", refs=", ".join(self.suggested)))
        self.show_item()

    @calm
    def action_clear_refs(self) -> None:
        p = self.participant
        item = self.item_of(p) if p else None
        if p is None or item is None or not item.refs:
            return
        self._replace(self.moderation.notes.edit_item(item, refs=[]))
        self.show_item()

    def action_participant(self, delta: int) -> None:
        people = self.view.table.participants
        if not people or not self.save_motivation():
            return  # not saved (full disk): the motivation stays on screen, for Ctrl+S
        self.index = (self.index + delta) % len(people)
        self.load_participant()
