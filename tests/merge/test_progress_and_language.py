"""The progress bar appears only on a terminal and only after a moment; an English programme's report."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tafel.cli import merge as merge_cli
from tests.merge.programme import export, install_canvases, programme_tables, write


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_after_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    quick = merge_cli.ProgressBar()
    for n in range(1, 11):
        quick(n, 10)  # all within the first half second
    quick.stop()
    assert terminal.getvalue() == ""
    monkeypatch.setattr(merge_cli, "SHOW_AFTER", 0.0)
    slow = merge_cli.ProgressBar()
    slow(3, 10)
    assert slow._bar is not None  # drawn on the terminal
    slow.stop()
    monkeypatch.setattr("sys.stderr", io.StringIO())  # a pipe or a file: never
    piped = merge_cli.ProgressBar()
    piped(3, 10)
    assert piped._bar is None


def test_an_english_programme_gets_an_english_report(
    cli: Callable[..., Any], tafel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_canvases(tafel_home)
    monkeypatch.chdir(tmp_path)
    tables = programme_tables()
    for table in tables:
        table.language = "en"
    write(tmp_path / "exports", [export(t) for t in tables])
    result = cli("merge", "exports", "--md", "report.md", "--json", "r.json")
    assert result.code == 0, result.err
    md = (tmp_path / "report.md").read_text("utf-8")
    assert "**75 participants at 15 conversation tables, spread over 5 days**" in md
    assert "## 1\\. Values and motives" in md  # "1." escaped: renders as a heading, not a list
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["participants"] == 75
