"""The private parts of Textual that tafel uses, all here (``textual>=0.80,<9`` in pyproject).

tests/ui/test_textual_compat.py checks each name below still exists with the signature used here,
and what it does for tafel, so a Textual upgrade that changes one fails there, loudly, first.
Everything else in tafel.ui uses Textual's public API.

* ``build_ahead``: ``App._load_screen_css`` and ``App._get_screen``, what ``push_screen`` does
  before it shows a screen (mount its widgets). Textual has no public call that mounts an
  installed screen without showing it; building the next rounds ahead makes their first visit
  as quick as a return.
* ``CrashHook``: ``App._handle_exception`` is Textual's only hook for an unexpected error, and
  ``App._exit_renderables`` holds the traceback it prints at exit, with local variables (what the
  moderator typed). tafel writes the traceback to a log file instead and prints one line.
* ``replace_bindings``: ``DOMNode._bindings``, the node's own copy of its class bindings. The
  bindings' descriptions are catalogue keys, translated when the screen is made (keys.py):
  Textual has no public setter for a node's bindings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

ReturnType = TypeVar("ReturnType")


def build_ahead(app: App[Any], screen: Screen[Any]) -> bool:
    """Mount an installed screen's widgets now, without showing it; False when Textual cannot."""
    load_css = getattr(app, "_load_screen_css", None)
    get_screen = getattr(app, "_get_screen", None)
    if load_css is None or get_screen is None:  # a Textual without them: built on the first visit
        return False
    load_css(screen)
    get_screen(screen)
    return True


class CrashHook(App[ReturnType]):
    """An App whose unexpected errors go to ``crashed`` and whose exit prints no traceback."""

    def crashed(self, error: Exception) -> None:
        """Called with the error Textual is about to end the app on (return code 1)."""

    def _handle_exception(self, error: Exception) -> None:
        self.crashed(error)
        super()._handle_exception(error)
        self._exit_renderables.clear()  # the traceback with its locals: in the log file, not the terminal


def replace_bindings(node: DOMNode, change: Callable[[Binding], Binding]) -> None:
    """Replace each of the node's own bindings by ``change(binding)``."""
    node._bindings = BindingsMap.from_keys(
        {key: [change(b) for b in found] for key, found in node._bindings.key_to_bindings.items()}
    )
