"""A field for what people say in paragraphs: it grows with the text, Enter goes on.

A participant's motivation is often several sentences; a one-line field scrolls sideways and the
moderator cannot reread it. This is a TextArea that grows (CSS ``max-height``, then scrolls),
keeps pasted line breaks, and takes Enter as "done" (``Submitted``, like an Input). A new line is
Ctrl+J or Alt+Enter: Shift+Enter does not reach the program in most terminals. Said in F1 help.
"""

from __future__ import annotations

import textwrap
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import TextArea

from tafel.ui.widgets.text_input import pasted_lines
from tafel.ui.widgets.typing import HoldsAfterEnter, forget_ahead, line_at_enter

NEW_LINE_KEYS = "ctrl+j,alt+enter"

MIN_LINES, MAX_LINES = 3, 8  # the field's height with its border: one line of text at least, six at most


class LinesInput(HoldsAfterEnter, TextArea):
    DEFAULT_CSS = """
    LinesInput {
        height: 3;
    }
    """
    BINDINGS: ClassVar[list[Any]] = [
        Binding(NEW_LINE_KEYS, "new_line", "tui.keys.new_line"),
        # Ctrl+Z is tafel's undo (what was saved), as in every other field, not the TextArea's own.
        Binding("ctrl+z", "app.undo", "tui.keys.undo"),
    ]

    enter_takes_line = False  # see typing.line_at_enter

    class Submitted(Message):
        """Enter: the text is done (the screen saves it and goes on).

        ``value`` is the text when Enter was pressed: keys typed after it may reach the field before
        the screen handles the message (see ``typing.take_submitted``).
        """

        def __init__(self, field: LinesInput, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> LinesInput:
            return self.field

    class Left(Message):
        """Focus left the field (the screen saves it)."""

        def __init__(self, field: LinesInput) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> LinesInput:
            return self.field

    def __init__(self, text: str = "", *, placeholder: str = "", id: str | None = None,
                 lines: tuple[int, int] = (MIN_LINES, MAX_LINES)) -> None:
        # The placeholder as plain text: a zone's title in it comes from a canvas, and is no markup.
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         placeholder=Content(placeholder), highlight_cursor_line=False)
        self.lines = lines  # the field's height with its border: at least, at most
        self.ahead = ""  # see typing.line_at_enter

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)  # as an Input: typing goes on at the end of the text

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)  # posts Changed, as setting an Input's value does
        self.move_cursor(self.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.grow()  # the screen handles the message too

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.grow)  # a narrower field wraps into more lines

    def grow(self) -> None:
        """As high as the wrapped text (and the border), from 3 to ``MAX_LINES`` lines; then it scrolls."""
        lines = self.wrapped_document.height if self.soft_wrap else self.document.line_count
        if not self.text and self.placeholder and self.content_size.width > 0:
            # Empty: room for the whole hint ("+ pole <> pole: note (Enter)"), not its first line only.
            lines = max(lines, len(textwrap.wrap(str(self.placeholder), self.content_size.width)))
        low, high = self.lines
        height = min(high, max(low, lines + 2))
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def at_top(self) -> bool:
        """The cursor is on the field's first (wrapped) line: ↑ from here may leave the field."""
        here = self.cursor_location
        return self.navigator.is_first_document_line(here) and self.navigator.is_first_wrapped_line(here)

    def with_inserted(self, text: str) -> str:
        """The field's text with ``text`` in place of the selection: what a paste would make of it."""
        start, end = sorted(self.selection)
        return (self.get_text_range((0, 0), start) + text
                + self.get_text_range(end, self.document.end))

    def take_lines(self, text: str) -> bool:
        """A paste of several lines; True when it was taken (laid as notes). Note fields override this."""
        return False

    def insert_text_at_cursor(self, text: str) -> None:
        """As an Input's: typed text at the cursor (tests and the paste path use it)."""
        self.insert(text)

    # Textual calls each class's own handler, subclass first, until one prevents the default:
    # these run before TextArea's and stop it only where this field differs.
    def on_key(self, event: events.Key) -> None:
        if self.held(event):
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, line_at_enter(self)))
            self.hold_after_enter()

    def action_new_line(self) -> None:
        self._type("\n")

    def on_paste(self, event: events.Paste) -> None:
        # Line breaks kept as "\n" whatever the terminal sends; nothing of the paste is dropped.
        if self.held(event):  # pasted after an Enter that moves on: for where it goes, as keys are
            return
        event.stop()
        event.prevent_default()
        text = pasted_lines(event.text)
        if "\n" in text.strip("\n"):
            if self.take_lines(text):
                return
        else:
            text = text.strip("\n")  # one line copied with its line break: the line, not a new line
        if text:
            self._type(text)

    def _type(self, text: str) -> None:
        """``text`` in place of the selection, the cursor after it: as typing it would."""
        if not self.read_only:
            start, end = self.selection
            self.replace(text, start, end, maintain_selection_offset=False)

    def on_blur(self, event: events.Blur) -> None:
        forget_ahead(self)
        self.post_message(self.Left(self))
