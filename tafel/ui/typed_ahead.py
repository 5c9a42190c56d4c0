"""Keys typed after F4 (F3, F9, F1, F2) go to the screen that key opens, not to the one it leaves.

Textual gives every key to the focused field as it comes, and acts on F4 only once the field has
passed it back: on a busy laptop, or from a fast typist, the keys after F4 were in the old screen's
field by then. The app holds them from F4 until its screen is there, then gives them as if typed now.
A paste is held with them, in its place among them: it is typed text too.

A click while anything is held is dropped: it was aimed at what the screen showed, and by the time
it is handled another screen, field or participant may be there (F4 under the old screen's key bar).
Dropped, nothing happens that the moderator did not aim at; they click again on what they now see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

from tafel.ui.widgets.typing import HANDED, Typed, again

if TYPE_CHECKING:
    from textual.timer import Timer

# Keys whose action changes the screen (help, overview, previous/next step, the list of tables).
MOVING_KEYS = frozenset({"f1", "f2", "f3", "f4", "f9"})
HOLD_AT_MOST = 1.0  # seconds keys typed after a moving key wait for its screen (see on_event)
RELEASE_SOON = 0.2  # seconds they wait once the key's binding has run, if no screen came
QUIT_KEY = "ctrl+q"
QUIT_SENT = "tafel_quit_sent"  # a Ctrl+Q sent behind the keys typed before it (see on_event)


class KeysTypedAhead(App[Any]):
    """The app's part in keys typed ahead; the screens' messages end a hold (``_release_keys``)."""

    _held_keys: list[Typed] | None = None  # typed (or pasted) after a moving key (see on_event)
    _hold_timer: Timer | None = None  # ends a hold that nothing ended
    _press_dropped = False  # a mouse button pressed during a hold: its release is dropped too

    async def on_event(self, event: events.Event) -> None:
        """Keys typed after F4 (F3, F9, F1, F2) are for the screen it opens.

        Textual gives every key to the focused field as it comes, and acts on F4 only once the
        field has passed it back: the keys typed after F4 were in the old screen's field by then
        (a next round's first card in the participant's name). They are held from F4 until its
        screen is there (``on_key``), then given as if typed now. Pastes go with them.
        """
        if isinstance(event, (events.MouseDown, events.MouseUp)) and not event.is_forwarded:
            if self._drops_click(event):
                return
        elif isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._held_keys is not None and getattr(event, HANDED, False):
                # Typed before the keys held here, given on by a field that held it: it goes first,
                # and the hold waits on while such keys still come (a slow laptop takes its time).
                self._stop_hold_timer()
                self._hold_timer = self.set_timer(HOLD_AT_MOST, self._release_keys)
            elif self._held_keys is not None:
                self._held_keys.append(again(event))
                return
            elif isinstance(event, events.Key) and event.key == QUIT_KEY and not getattr(event, QUIT_SENT, False):
                # Textual acts on Ctrl+Q (a priority binding) as it comes, before the keys typed
                # ahead of it reach their field: "Regels", Enter, Ctrl+Q quit with the note unsaved.
                # It goes their way instead (held with them where they are held), and quits when it
                # comes back here.
                key = events.Key(event.key, event.character)
                setattr(key, QUIT_SENT, True)
                (self.focused or self.screen).post_message(key)
                return
            elif isinstance(event, events.Key) and event.key in MOVING_KEYS:
                self._held_keys = []
                self._stop_hold_timer()
                self._hold_timer = self.set_timer(HOLD_AT_MOST, self._release_keys)  # a key a field kept
        await super().on_event(event)

    def _drops_click(self, event: events.MouseDown | events.MouseUp) -> bool:
        """A press or a release while keys are held (here, or by a field after its Enter): dropped.

        Textual makes a click of a press and a release on the same widget: the release of a
        dropped press goes too, even after the hold, or it could make a click with an earlier press."""
        if isinstance(event, events.MouseUp) and self._press_dropped:
            self._press_dropped = False
            return True
        if self._held_keys is None and not getattr(self.focused, "holding", False):
            return False
        if isinstance(event, events.MouseDown):
            self._press_dropped = True
        return True

    def on_key(self, event: events.Key) -> None:
        """A moving key back at the app: its binding runs now. Help and the overview are there after
        the refresh; a step or the list once its message is handled (``on_go_to_step``…), or soon."""
        if event.key in MOVING_KEYS and self._held_keys is not None:
            if event.key in ("f1", "f2"):
                self.call_after_refresh(self._release_keys)
            else:
                self._stop_hold_timer()
                self._hold_timer = self.set_timer(RELEASE_SOON, self._release_keys)  # F4 on the last step

    def _stop_hold_timer(self) -> None:
        if self._hold_timer is not None:  # a later key's hold is not ended by this one's timer
            self._hold_timer.stop()
            self._hold_timer = None

    def _release_keys(self) -> None:
        self._stop_hold_timer()
        held, self._held_keys = self._held_keys, None
        for key in held or ():
            self.post_message(key)
