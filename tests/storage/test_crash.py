"""Power-cut safety: a writer killed with SIGKILL at random moments loses no acknowledged edit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests import crashcheck


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_sigkill_at_random_moments_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    report = crashcheck.run(tmp_path / "crash.db", kills=50)
    assert report.integrity == ["ok"]
    assert report.acknowledged > 50  # the writer got real work done between kills
    assert report.missing == []
    assert report.counter_ok
