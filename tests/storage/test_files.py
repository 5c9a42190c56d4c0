"""Files are written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tafel.files import FileTooLarge, NotRegularFile, WriteFailed, read_regular, write_all_atomic, write_atomic


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


def _device(path: Path) -> Path:
    """A character device node (like /dev/full) inside the test's own folder; needs root."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def test_writing_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "echt.md").write_text("oud")
    link = tmp_path / "link.md"
    link.symlink_to("echt.md")
    assert write_atomic(link, "nieuw") == link
    assert link.is_symlink() and (tmp_path / "echt.md").read_text() == "nieuw"
    dangling = tmp_path / "nog-niet.md"
    dangling.symlink_to("sub/doel.md")
    (tmp_path / "sub").mkdir()
    write_atomic(dangling, "x")
    assert dangling.is_symlink() and (tmp_path / "sub" / "doel.md").read_text() == "x"


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "link_to_device"])
def test_never_replaces_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "uit.pdf"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        _device(target)
    elif kind == "folder":
        target.mkdir()
    else:
        _device(tmp_path / "full")
        target.symlink_to(tmp_path / "full")
    before = os.lstat(target)
    with pytest.raises(NotRegularFile) as caught:
        write_atomic(target, "x")
    assert caught.value.reason.startswith("geen gewoon bestand")
    assert caught.value.strerror == f"{caught.value.path}: {caught.value.reason}"
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["uit.pdf"] + (["full"] if "link" in kind else []))


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_read_regular_refuses_without_blocking(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "in.json"
    if kind == "fifo":
        os.mkfifo(target)  # opening it for reading would wait for a writer forever
    elif kind == "device":
        _device(target)
    else:
        target.mkdir()
    with pytest.raises(IsADirectoryError if kind == "folder" else NotRegularFile):
        read_regular(target)
    (tmp_path / "gewoon.json").write_bytes(b"0123456789")
    assert read_regular(tmp_path / "gewoon.json", limit=10) == b"0123456789"
    with pytest.raises(FileTooLarge) as caught:
        read_regular(tmp_path / "gewoon.json", limit=9)
    assert caught.value.size == 10


def test_write_all_atomic_writes_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "oud.json").write_text("oud")
    (tmp_path / "bestand").write_text("geen map")
    files = {tmp_path / "oud.json": "nieuw", tmp_path / "csv" / "deep" / "a.csv": "a",
             tmp_path / "bestand" / "v.pdf": b"%PDF"}
    with pytest.raises(WriteFailed) as caught:
        write_all_atomic(files)
    assert caught.value.path == tmp_path / "bestand" / "v.pdf" and caught.value.written == []
    assert (tmp_path / "oud.json").read_text() == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bestand", "oud.json"]  # no temporaries, no folders
    del files[tmp_path / "bestand" / "v.pdf"]
    assert write_all_atomic(files) == list(files)
    assert (tmp_path / "oud.json").read_text() == "nieuw" and (tmp_path / "csv" / "deep" / "a.csv").read_text() == "a"


def test_a_rename_failing_after_all_were_staged_says_which_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace, calls = os.replace, []

    def replace(src: str, dst: Path) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    files = {tmp_path / "a.json": "a", tmp_path / "b.md": "b", tmp_path / "c.pdf": b"c"}
    with pytest.raises(WriteFailed) as caught:
        write_all_atomic(files)
    assert caught.value.path == tmp_path / "b.md" and caught.value.written == [tmp_path / "a.json"]
    assert caught.value.reason == "No space left on device"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]  # no temporaries left behind
