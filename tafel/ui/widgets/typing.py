"""Typing: what is typed is saved while typing, and Enter typed fast keeps what follows it.

``SaveAsTyped`` is the one rule for every field that is saved as it is typed (the direction, the
motivation): saved ``QUIET`` seconds after the last keystroke, and never later than ``MAX_WAIT``
seconds after the first unsaved one. A quiet-time debounce alone never saves while someone
types steadily: six seconds of typing and a power cut lost all six. Screens also save on
leaving the field, the screen and the app (their ``flush``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from textual import events
from textual.message_pump import MessagePump
from textual.timer import Timer

QUIET = 0.6  # seconds without a keystroke before the text is saved
MAX_WAIT = 1.0  # seconds of typing at most that are not yet saved
HOLD_AT_MOST = 1.0  # seconds keys typed after an Enter that moves on wait for their screen (hand_over)
MIN_DELAY = 0.02  # seconds: the shortest timer Textual fires reliably (see ``changed``)


class SaveAsTyped:
    """Calls ``save`` after ``quiet`` seconds without a keystroke, at the latest ``max_wait`` after the first.

    ``changed()`` on every keystroke; ``save`` calls ``saved()`` (whether or not the write
    succeeded: a failed one is said on screen and tried again with the next keystrokes or Ctrl+S).
    """

    def __init__(self, owner: MessagePump, save: Callable[[], object], *, quiet: float | None = None,
                 max_wait: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.owner, self.save, self.clock = owner, save, clock
        # The module's figures as they are now (not when this was defined): tests shorten them.
        self.quiet = QUIET if quiet is None else quiet
        self.max_wait = MAX_WAIT if max_wait is None else max_wait
        self._first: float | None = None  # when the first keystroke not yet saved was typed
        self._timer: Timer | None = None
        self._due_at: float | None = None  # when the running timer saves

    @property
    def pending(self) -> bool:
        return self._first is not None

    def changed(self) -> None:
        now = self.clock()
        if self._first is None:
            self._first = now
        due = min(now + self.quiet, self._first + self.max_wait)
        if self._timer is not None and due == self._due_at:
            return  # held at max_wait after the first key: set again, MIN_DELAY would put it off at every key
        if self._timer is not None:
            self._timer.stop()
        # Never a (near) zero delay: Textual skips a one-shot timer that is late before it first
        # sleeps (``skip``), and a delay of 0 divides by zero in its timer task; either way it never fires.
        self._timer = self.owner.set_timer(max(MIN_DELAY, due - now), self._due, name="save-as-typed")
        self._due_at = due

    def _due(self) -> None:
        self._timer = None
        self.save()

    def saved(self) -> None:
        """What was typed is written (or the write was tried): the clock starts again at the next key."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._first = None


class Field(Protocol):
    """A one-line Input or a LinesInput: both have a settable ``value``, and ``ahead``."""

    value: str
    # True where the screen takes each submitted line out of the field (take_submitted) or moves on
    # to another field: a note, an advice, a name, the new-table form. Elsewhere Enter submits it all.
    enter_takes_line: bool
    ahead: str  # the text at the last Enter, while the screen has not yet taken it (line_at_enter)


def line_at_enter(field: Field) -> str:
    """What an Enter submits: the field's text, less what an earlier Enter submitted that the screen
    has not yet taken out of the field (keys typed ahead: "Jan", Enter, "Piet", Enter reach the
    field before the screen handles the first Enter; the second submits "Piet", not "JanPiet")."""
    text = field.value
    if not field.enter_takes_line:
        return text
    line = text[len(field.ahead):] if field.ahead and text.startswith(field.ahead) else text
    field.ahead = text
    return line


def take_submitted(field: Field, submitted: str) -> None:
    """Empty the field of what was submitted, keeping anything typed after the Enter.

    Keys typed after Enter may reach a field before the screen handles the Enter.
    """
    current = field.value
    if not current.startswith(submitted):
        submitted = submitted.lstrip()  # typed ahead after a space: the space went with the line before
    if not current.startswith(submitted):
        return
    rest = current[len(submitted):].lstrip()
    removed = current[:len(current) - len(rest)]
    field.ahead = field.ahead[len(removed):] if field.ahead.startswith(removed) else ""
    field.value = rest


HANDED = "tafel_handed_over"  # a key or paste given on by a field or screen that held it (see handed)

# What a moderator types: keys, and text pasted (from the chat, a document; some terminals send
# fast typing as one bracketed paste). Both are held after a key that moves on, in one queue.
Typed = events.Key | events.Paste


def again(event: Typed) -> Typed:
    """The same key or paste as a new event, to post once more (an event is handled once)."""
    if isinstance(event, events.Paste):
        return events.Paste(event.text)
    return events.Key(event.key, event.character)


def handed(event: Typed) -> Typed:
    """A held key or paste as a new one to post to the app, marked: it was typed before any the app
    holds (``KeysTypedAhead.on_event``), so the app gives it on at once instead of holding it behind them."""
    typed = again(event)
    setattr(typed, HANDED, True)
    return typed


class HoldsAfterEnter(MessagePump):
    """A field whose Enter can move on (the next round, the next participant): ``enter_moves_on``.

    Keys typed ahead (the direction, Enter, a first note…) reach the field before its screen has
    handled the Enter, and would end in the text just left. Such a field holds the keys (and pastes,
    in their place among them) after its Enter (``held``) until the screen has moved on or stayed
    (``hand_over``); a timer does otherwise.
    """

    enter_moves_on = False
    _held: list[Typed] | None = None
    _hold_timer: Timer | None = None

    def hold_after_enter(self) -> None:
        if self.enter_moves_on:
            self._held = []
            self._stop_hold_timer()
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self.hand_over)

    def _stop_hold_timer(self) -> None:
        if self._hold_timer is not None:  # a later Enter's hold is not ended by this one's timer
            self._hold_timer.stop()
            self._hold_timer = None

    @property
    def holding(self) -> bool:
        """Keys and pastes are held for where an Enter goes on to (a click now is dropped: the app)."""
        return self._held is not None

    def held(self, event: Typed) -> bool:
        """True when the key or paste is kept for where the Enter goes on to (the field does not take it)."""
        if self._held is None:
            return False
        event.stop()
        event.prevent_default()
        self._held.append(handed(event))
        return True

    def take_held(self) -> list[Typed]:
        """The keys and pastes held, for the caller to give where they belong (a screen still to come)."""
        self._stop_hold_timer()
        held, self._held = self._held, None
        return held or []

    def hand_over(self) -> None:
        """The keys and pastes held, to the app as if typed now: it gives them to the field with the focus.

        Not while the screen they go to is still being built: no field has the focus yet to take
        them, and they were lost (a busy laptop took over HOLD_AT_MOST to build the next round's
        screen, and the notes typed after the direction's Enter were gone). They wait for it."""
        stack = self.app.screen_stack
        if self._held and stack and not stack[-1].is_mounted:
            self._stop_hold_timer()
            self._hold_timer = self.set_timer(MIN_DELAY, self.hand_over)
            return
        for key in self.take_held():
            self.app.post_message(key)


def forget_ahead(field: Field) -> None:
    """The field's Enters are all handled, or none will be taken (a refused write): the next one
    submits the whole text again."""
    field.ahead = ""
