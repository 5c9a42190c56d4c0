"""A `direction` round: one shared text, saved as it is typed; every saved version can be restored."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tafel.domain.table import Item
from tafel.i18n import t
from tafel.services.session import TableView
from tafel.ui.screens.base import built, calm
from tafel.ui.screens.round_base import RoundScreen
from tafel.ui.screens.start import when
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.typing import SaveAsTyped


def first_words(text: str, n: int = 6) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


class DirectionInput(LinesInput):
    """The direction's text: Ctrl+Z undoes typing here (the TextArea's own undo), as before."""

    BINDINGS: ClassVar[list[Any]] = [Binding("ctrl+z", "undo", "tui.keys.undo", show=False)]
    enter_moves_on = True  # Enter: on to the next round


class DirectionScreen(RoundScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("ctrl+r", "restore", "tui.keys.restore"),
    ]
    PALETTE = (*RoundScreen.PALETTE, ("restore", "tui.keys.restore"))

    def __init__(self, table_id: str, step: str, view: TableView) -> None:
        super().__init__(table_id, step, view)
        # Saved at least every second of typing (the text), a version where the typing pauses.
        self.typing = SaveAsTyped(self, self.save)
        self.last_key = 0.0  # when the text last changed (time.monotonic)
        self.current: Item | None = view.table.direction(self.rnd.id)  # the text as saved
        self.versions: list[Any] = []

    def compose_body(self) -> Iterable[Widget]:
        current = self.view.table.direction(self.rnd.id)
        with Horizontal(classes="body"):
            # Grows with the text (a direction is a sentence or two, sometimes a paragraph); Enter goes
            # on to the next round, Ctrl+J or Alt+Enter starts a new line.
            with Vertical(id="direction-side"):
                yield DirectionInput(current.text if current else "", id="direction-text", lines=(5, 20))
                yield Static(t("tui.direction.text_hint"), classes="hint")
            with Vertical(id="versions-side"):
                yield Label(t("tui.direction.versions"), classes="section")
                yield OptionList(id="versions", markup=False)
                yield Static(id="version-preview")
                yield Static(t("tui.direction.hint"), classes="hint")

    @built
    def on_mount(self) -> None:
        self.refresh_versions()
        area = self.query_one("#direction-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def refresh_versions(self) -> None:
        self.versions = list(reversed(self.moderation.direction.direction_versions(self.table_id, self.rnd.id)))
        listing = self.query_one("#versions", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(t("tui.direction.version_line", time=when(v.saved_at)[11:], words=first_words(v.text)))
            for v in self.versions
        )
        self.query_one("#version-preview", Static).update("" if self.versions else t("tui.direction.no_versions"))

    def on_lines_input_submitted(self, event: LinesInput.Submitted) -> None:
        if event.field.id == "direction-text":
            event.stop()
            if self.save(version=True):  # a version, then on to the next round
                self.action_step(1)  # the app hands what was typed after Enter over to it (go_to)
            else:
                event.field.hand_over()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.last_key = time.monotonic()
        self.typing.changed()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, TextArea):
            self.save(version=True)  # leaving the text saves it

    @calm
    def save(self, version: bool = False) -> bool:
        """Save the text: while the typing goes on the text only, where it pauses (or ``version``,
        or on leaving) as a version to restore. None (falsy) when the write failed (said on screen)."""
        self.typing.saved()
        if not self.is_mounted:
            return True
        text = self.query_one("#direction-text", TextArea).text
        typing_on = time.monotonic() - self.last_key < self.typing.quiet * 0.9
        if typing_on and not version and self.current is not None:
            if self.current.text != text:
                self.current = self.moderation.direction.keep_direction(self.current, text)
            return True
        if self.moderation.direction.save_direction(self.table_id, self.rnd.id, text) is not None:
            self.current = self.moderation.direction.direction_item(self.table_id, self.rnd.id)
            self.refresh_versions()
        return True

    def flush(self) -> bool:
        return bool(self.save(version=True))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if index is not None and 0 <= index < len(self.versions):
            self.query_one("#version-preview", Static).update(Text(self.versions[index].text))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        listing = self.query_one("#versions", OptionList)
        index = listing.highlighted
        if index is None or not (0 <= index < len(self.versions)):
            return
        version = self.versions[index]
        if not self.save(version=True):  # what is on screen now is kept as a version too
            return
        area = self.query_one("#direction-text", TextArea)
        area.load_text(version.text)
        self.save(version=True)
        self.notify(t("tui.direction.restored", time=when(version.saved_at)[11:]))
        area.focus()
