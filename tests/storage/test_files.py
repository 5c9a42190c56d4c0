"""Files are written whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tafel.files import write_atomic


def test_write_atomic_replaces_whole_and_is_readable(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "table.json"
    write_atomic(target, "eerste")
    write_atomic(target, "tweede")
    assert target.read_text() == "tweede"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["table.json"]


def test_a_failed_write_leaves_what_was_there_and_no_temporary(tmp_path: Path) -> None:
    # Renaming over a folder that holds a file fails after the data was written: the moment
    # a power cut or a full disk would strike.
    target = tmp_path / "table.json"
    target.mkdir()
    (target / "keep").write_text("oud")
    with pytest.raises(OSError):
        write_atomic(target, "nieuw")
    assert (target / "keep").read_text() == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.json"]
