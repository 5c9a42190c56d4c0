"""Real-browser tests: headless Chromium from Debian, driven by Playwright (slow: a few seconds)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: runs headless Chromium (/usr/bin/chromium); slow")
