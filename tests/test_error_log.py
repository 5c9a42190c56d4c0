"""Errors tafel handles and goes on from keep their cause: logs/errors.log (tafel/crashlog.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tafel import crashlog
from tafel.crashlog import logged, note_error


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crashlog, "_noted", set())


def _raised(exc: Exception) -> Exception:
    try:
        raise exc
    except Exception as caught:
        return caught


def test_a_dropped_error_is_logged_with_its_traceback_once_and_without_a_password(tmp_path: Path) -> None:
    with logged("sync: the status line", home=tmp_path):
        raise RuntimeError("no route to postgresql://laptop:Geheim-1@db/p")
    for _ in range(3):  # a retry loop's same error: logged once
        note_error(_raised(RuntimeError("no route to postgresql://laptop:Geheim-1@db/p")), "sync: the status line",
                   home=tmp_path)
    text = (tmp_path / "logs" / "errors.log").read_text("utf-8")
    assert text.count("Traceback (most recent call last)") == 1
    assert "sync: the status line" in text and "laptop:***@db/p" in text and "Geheim-1" not in text


def test_the_log_starts_afresh_past_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crashlog, "MAX_ERROR_LOG", 200)
    for n in range(5):
        note_error(_raised(ValueError(f"fout {n}")), "test", home=tmp_path)
    logs = tmp_path / "logs"
    assert (logs / "errors.log.1").exists()
    assert (logs / "errors.log").stat().st_size < 1000
    assert "fout 4" in (logs / "errors.log").read_text("utf-8")


def test_an_unwritable_log_folder_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")
    note_error(_raised(ValueError("x")), "test", home=tmp_path)  # nothing raised
