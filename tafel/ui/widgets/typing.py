"""Fast typing: keys typed after Enter may reach a field before the screen handles the Enter."""

from __future__ import annotations

from textual.widgets import Input


def take_submitted(field: Input, submitted: str) -> None:
    """Empty the field of what was submitted, keeping anything typed after the Enter."""
    current = field.value
    field.value = current[len(submitted):].lstrip() if current.startswith(submitted) else current
