"""What the screens may use of the app, as one typed object: the moderator's use cases, the
settings and clock, the paste setting, the share server and the "not saved" notice.

The app owns one ``Desk`` (``TafelApp.desk``); screens reach it as ``self.desk`` and ask the app
for anything else (open a table, go to a step) with messages (``tafel.ui.messages``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tafel.domain.clock import Clock
from tafel.settings import Settings
from tafel.ui.share_control import Sharing

if TYPE_CHECKING:
    from tafel.services.moderation import Moderation

UNSAVED_NOTICE = 15.0  # seconds the "disk full" line stays; said again at most this often


class UnsavedNotice:
    """The "disk full" line: once, not again for every keystroke's save while it is on screen."""

    def __init__(self, notify: Callable[[str], None]) -> None:
        self._notify = notify
        self._said: tuple[str, float] = ("", 0.0)

    def say(self, message: str) -> None:
        now = time.monotonic()
        said, when = self._said
        if message == said and now - when < UNSAVED_NOTICE:
            return
        self._said = (message, now)
        self._notify(message)

    def remind(self) -> None:
        """Said again when the moderator tries to leave a screen whose text is not saved."""
        message = self._said[0]
        if message:
            self._said = ("", 0.0)
            self.say(message)


@dataclass
class Desk:
    settings: Settings
    clock: Clock
    paste_mode: str  # several lines pasted into a note field: one note, or one per line (TextInput)
    sharing: Sharing
    unsaved: UnsavedNotice
    moderation: Moderation | None = field(default=None)  # once the store is open (a worker thread)
