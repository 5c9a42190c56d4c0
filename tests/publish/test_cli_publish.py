"""The publishing options as the organiser meets them when something is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.publish.reports import build


def test_pdf_ua_without_weasyprint_says_what_to_install_and_writes_nothing(
    cli, tmp_path: Path, tafel_home: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    build(tmp_path / "exports", tafel_home, "programme")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a machine without tafel[publish]
    result = cli("merge", "exports", "--pdf-ua", "verslag.pdf", "--html", "verslag.html")
    assert result.code != 0
    assert "tafel[publish]" in result.err and "Er is niets geschreven" in result.err
    assert not (tmp_path / "verslag.pdf").exists() and not (tmp_path / "verslag.html").exists()
