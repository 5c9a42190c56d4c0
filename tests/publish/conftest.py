"""Fixtures for the publishable verslag: each programme merged once per test, in its own home."""

from __future__ import annotations

from pathlib import Path

import pytest

from tafel.domain.report import Report
from tests.publish.reports import build


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: runs headless Chromium (/usr/bin/chromium); slow")


@pytest.fixture(params=["programme", "english"])
def report(request: pytest.FixtureRequest, tmp_path: Path, tafel_home: Path) -> Report:
    return build(tmp_path / "exports", tafel_home, request.param)[0]
