"""The keys of the moment, in one line at the bottom: Textual's Footer drawn as a single widget.

The stock Footer mounts a widget per key and recomposes on every focus change; at a table
with many notes that cost more than the rest of a round switch. This draws the same keys as
one line of text, and a click on a key presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from tafel.i18n import t


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

    def _build(self) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        key_style = f"bold {self.app.theme_variables.get('footer-key-foreground', '')}".strip()
        for _node, binding, enabled, _tip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            start = len(line)
            line.append(f" {self.app.get_key_display(binding)} ", style=key_style)
            # Widgets' own keys (a note list's, an input's) come with catalogue keys: said here.
            text = t(binding.description) if binding.description.startswith("tui.") else binding.description
            line.append(text + " ", style="" if enabled else "dim")
            spans.append((start, len(line), binding.key.split(",")[0]))
        palette = t("tui.keys.palette")
        line.append(f" ^p {palette} ", style="dim")
        spans.append((len(line) - len(palette) - 5, len(line), "ctrl+p"))
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
