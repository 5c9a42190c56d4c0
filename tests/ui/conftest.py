"""Fixtures for the moderator's TUI tests."""

from __future__ import annotations

import pytest

from tafel.ui.widgets import typing


@pytest.fixture
def quick_typing(monkeypatch: pytest.MonkeyPatch) -> tuple[float, float]:
    """Save-as-typed timers a tenth of their real length: the fields' wiring is tested without waiting
    seconds; the rule itself (``SaveAsTyped``) is tested on a clock moved by hand."""
    quiet, max_wait = typing.QUIET / 10, typing.MAX_WAIT / 10
    monkeypatch.setattr(typing, "QUIET", quiet)
    monkeypatch.setattr(typing, "MAX_WAIT", max_wait)
    return quiet, max_wait
