"""Fixtures for the summary tests."""

from __future__ import annotations

import pytest

from tafel.canvases import Library, load_library
from tests.render.helpers import DATA


@pytest.fixture(scope="session")
def summary_library() -> Library:
    """The shipped canvases plus ``proeftafel`` (four round kinds, a zone of every kind)."""
    return load_library([DATA / "proeftafel.toml"])
