"""Screens, widgets and dialogs use of the app only Textual's own API and ``desk`` (tafel.ui.desk):
what else they need of the app (open a table, go to a step) they ask with messages."""

from __future__ import annotations

import ast
from pathlib import Path

from textual.app import App

UI = Path(__file__).resolve().parents[2] / "tafel" / "ui"
FOLDERS = ("screens", "widgets", "dialogs")


def _app_members_used() -> dict[str, list[str]]:
    """``<x>.app.<name>`` in the screens', widgets' and dialogs' code: name -> where."""
    used: dict[str, list[str]] = {}
    for folder in FOLDERS:
        for path in sorted((UI / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if not isinstance(node, ast.Attribute):
                    continue
                where = f"{folder}/{path.name}:{node.lineno}"
                if isinstance(node.value, ast.Attribute) and node.value.attr == "app":
                    used.setdefault(node.attr, []).append(where)
                elif isinstance(node.value, ast.Attribute) and node.value.attr == "tafel":  # the app by another name
                    used.setdefault(f"tafel.{node.attr}", []).append(where)
    return used


def test_screens_reach_the_app_only_through_textual_and_the_desk() -> None:
    used = _app_members_used()
    assert "desk" in used  # the check sees what screens use
    textual = App[None]()  # not run: its attributes, as every app has them
    ours = {name: where for name, where in used.items() if name != "desk" and not hasattr(textual, name)}
    assert not ours, f"screens call the app's own members; use self.desk or a message: {ours}"


def test_no_screen_imports_the_app_at_run_time() -> None:
    for folder in FOLDERS:
        for path in sorted((UI / folder).glob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            for node in tree.body:  # module level, outside ``if TYPE_CHECKING``
                if isinstance(node, ast.ImportFrom):
                    assert node.module != "tafel.ui.app", path
