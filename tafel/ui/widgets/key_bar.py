"""The keys of the moment, in one line at the bottom: Textual's Footer drawn as a single widget.

The stock Footer mounts a widget per key and recomposes on every focus change; at a table
with many notes that cost more than the rest of a round switch. This draws the same keys as
one line of text, and a click on a key presses it.

What is said first: the focused widget's keys, then the screen's own, then the keys every
screen shares. The app's keys (F1 help, F2 canvas, Ctrl+Z, Ctrl+P) stand at the end of the line
whatever its width; on a narrow terminal the others that no longer fit are left out whole (F1
lists every key), never cut in half.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tafel.i18n import t

NARROW = 100  # below this many columns the keys stand closer and Ctrl+P is said in one short word


# The keys every step shares, the most needed first: on 80 columns the last ones give way.
SHARED_ORDER = ("f3", "f4", "f5", "f6", "f9", "ctrl+s")


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []
        self._line = Text()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._build()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._build()

    def on_resize(self, event: events.Resize) -> None:
        self._build()

    def _entries(self) -> tuple[list[tuple[Binding, bool]], list[tuple[Binding, bool]]]:
        """The keys to say: (the focused widget's, the screen's own, the shared ones) and the app's."""
        own = {id(b) for b in type(self.screen).__dict__.get("BINDINGS", ()) if isinstance(b, Binding)}
        widget: list[tuple[Binding, bool]] = []
        screen_own: list[tuple[Binding, bool]] = []
        shared: list[tuple[Binding, bool]] = []
        pinned: list[tuple[Binding, bool]] = []
        seen: set[str] = set()
        for node, binding, enabled, _tip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            if isinstance(node, App) or binding.action.startswith("app."):
                pinned.append((binding, enabled))
            elif node is not self.screen:
                widget.append((binding, enabled))
            elif id(binding) in own or binding.key in _own_keys(self.screen):
                screen_own.append((binding, enabled))
            else:
                shared.append((binding, enabled))
        shared.sort(key=lambda entry: SHARED_ORDER.index(entry[0].key) if entry[0].key in SHARED_ORDER else 99)
        return widget + screen_own + shared, pinned

    def _build(self) -> None:
        key_style = f"bold {self.app.theme_variables.get('footer-key-foreground', '')}".strip()
        width = self.size.width or self.app.size.width or 80
        narrow = width < NARROW
        gap = "" if narrow else " "

        def part(key: str, text: str, enabled: bool = True, style: str = "") -> Text:
            out = Text()
            out.append(f" {key} ", style=key_style)
            out.append(text + gap, style=style or ("" if enabled else "dim"))
            return out

        def said(binding: Binding) -> str:
            # Widgets' own keys (a note list's, an input's) come with catalogue keys: said here.
            return t(binding.description) if binding.description.startswith("tui.") else binding.description

        entries, pinned = self._entries()
        tail: list[tuple[Text, str]] = [
            (part(self.app.get_key_display(b), said(b), enabled), b.key.split(",")[0]) for b, enabled in pinned
        ]
        palette = t("tui.keys.palette_short" if narrow else "tui.keys.palette")
        tail.append((part("^p", palette, style="dim"), "ctrl+p"))
        tail_width = sum(len(p) for p, _ in tail)
        line = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str]] = []
        room = width - tail_width
        for binding, enabled in entries:
            piece = part(self.app.get_key_display(binding), said(binding), enabled)
            if len(line) + len(piece) > room:
                continue  # a shorter one further on may still fit
            start = len(line)
            line.append_text(piece)
            spans.append((start, len(line), binding.key.split(",")[0]))
        line.append(" " * max(0, room - len(line)))
        for piece, key in tail:
            start = len(line)
            line.append_text(piece)
            spans.append((start, len(line), key))
        self._line, self._spans = line, spans
        self.refresh()

    def render(self) -> Text:
        return self._line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key == "ctrl+p":
                    self.app.action_command_palette()
                else:
                    self.app.simulate_key(key)
                return


def _own_keys(screen: Screen[object]) -> set[str]:
    """The keys a screen's class itself binds (not those of the classes it comes from)."""
    return {
        b.key for b in type(screen).__dict__.get("BINDINGS", ()) if isinstance(b, Binding)
    }
