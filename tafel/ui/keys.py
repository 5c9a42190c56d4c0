"""Key bindings whose descriptions are catalogue keys, translated when a screen is made.

Class-level ``BINDINGS`` are built at import time, before the language is known; each screen
calls ``localise_bindings(self)`` so the footer speaks the moderator's language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from tafel.i18n import t
from tafel.ui.textual_compat import replace_bindings


def _translated(binding: Binding) -> Binding:
    if binding.description.startswith("tui."):
        return replace(binding, description=t(binding.description))
    return binding


def localise_bindings(node: DOMNode) -> None:
    replace_bindings(node, _translated)  # the node's own copy of its class bindings


def key_display(key: str) -> str:
    """How a key is written in the help screen: "ctrl+z" as "Ctrl+Z", "f4" as "F4"."""
    names = {"delete": "Del", "escape": "Esc", "enter": "Enter", "pageup": "PgUp", "pagedown": "PgDn",
             "up": "↑", "down": "↓", "left": "←", "right": "→"}
    parts = key.split(",")[0].split("+")
    return "+".join(names.get(p, p.upper() if len(p) <= 3 else p.capitalize()) for p in parts)
