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


@pytest.fixture(params=["quiet as in use", "quiet passed at once"])
def quiet(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The line typed last is saved as typed (a draft note) once typing is quiet: on a loaded machine
    that is before the test looks. Both ways round, so no test counts on which came first."""
    if request.param == "quiet passed at once":
        monkeypatch.setattr(typing, "QUIET", typing.MIN_DELAY)
