"""A one-line field that drops nothing pasted into it.

Textual's ``Input`` keeps only the first line of a paste: 5,000 characters over many lines
pasted, 60 kept, and nothing said. Here a paste of several lines goes to ``take_lines`` first
(a note or advice field lays them as notes, see ``PASTE_MODES``); a field that cannot hold line
breaks (a name, a card, a motivation, a tag list) gets the lines joined with spaces.

How a note field takes several lines is the organiser's choice, ``[tui] paste`` in the data
folder's ``settings.toml`` (read here, in the UI: it is the moderator's screen's setting):

- ``"one"`` (the default): one note, its line breaks kept;
- ``"lines"``: one note per non-empty line.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual import events
from textual.widgets import Input

from tafel.ui.widgets.typing import HoldsAfterEnter, forget_ahead, line_at_enter

PASTE_MODES = ("one", "lines")
DEFAULT_PASTE = "one"


def paste_mode(home: Path) -> str:
    """``[tui] paste`` from ``<home>/settings.toml``; the default when absent or not one of the modes."""
    try:
        with (home / "settings.toml").open("rb") as fh:
            tui = tomllib.load(fh).get("tui", {})
    except (OSError, tomllib.TOMLDecodeError):
        return DEFAULT_PASTE
    mode = tui.get("paste") if isinstance(tui, dict) else None
    return mode if mode in PASTE_MODES else DEFAULT_PASTE


def pasted_lines(text: str) -> str:
    """A paste with its line endings as ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def joined(text: str) -> str:
    """Several lines as one: a field of one line cannot hold line breaks, so they become spaces."""
    return " ".join(part.strip() for part in pasted_lines(text).split("\n") if part.strip())


class TextInput(HoldsAfterEnter, Input):
    enter_takes_line = False  # see typing.line_at_enter
    ahead = ""

    def on_key(self, event: events.Key) -> None:
        """Enter submits what the field holds at that key, not what it holds once the key's binding
        runs: keys typed after it (ahead, faster than the app follows) reach the field first."""
        if self.held(event):
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            line = line_at_enter(self)
            checked = self.validate(line) if "submitted" in self.validate_on else None
            self.post_message(self.Submitted(self, line, checked))
            self.hold_after_enter()

    def on_blur(self, event: events.Blur) -> None:
        forget_ahead(self)

    def take_lines(self, text: str) -> bool:
        """A paste of several lines; True when it was taken (laid as notes). Fields override this."""
        return False

    def on_paste(self, event: events.Paste) -> None:
        if self.held(event):  # pasted after an Enter that moves on: for the next field, as keys are
            return
        event.stop()
        event.prevent_default()  # Input's own handler (called after this one) keeps the first line only
        text = pasted_lines(event.text)
        if not text:
            return
        if "\n" in text.strip("\n"):
            if self.take_lines(text):
                return
            text = joined(text)
        else:
            text = text.strip("\n")
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)
