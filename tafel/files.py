"""Reading and writing files so that nothing on a disk can hang tafel or leave half a file behind.

Reading opens only regular files: a named pipe (FIFO) would block forever, and a device such as
``/dev/zero`` never ends. Writing goes to a temporary file beside the target that is renamed into
place, and never replaces something that is not a regular file (a device node, a pipe, a folder):
as root, renaming over ``/dev/full`` would replace the device with a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path


class NotRegularFile(OSError):
    """The path exists but is a pipe, device, socket or folder: tafel neither reads nor replaces it."""

    def __init__(self, path: Path | str, kind: str) -> None:
        from tafel.i18n import t

        self.kind = kind  # fifo, device, socket, folder, other
        reason = t(f"errors.file.not_regular_{kind}")
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason
        self.strerror = str(self)  # what callers that show ``exc.strerror`` print: the path and why


class FileTooLarge(OSError):
    """A regular file larger than the reader's limit (``size`` in bytes); nothing of it was read."""

    def __init__(self, path: Path | str, size: int) -> None:
        from tafel.i18n import t

        self.reason = t("errors.file.too_big", size_mb=f"{size / 1_048_576:.1f}")
        super().__init__(f"{path}: {self.reason}")
        self.path = Path(path)
        self.size = size
        self.strerror = self.reason


def printable(path: Path | str) -> str:
    """A path as text that can be printed, stored and written in UTF-8: bytes of a file name that
    are not UTF-8 (which Python keeps as lone surrogates) become \ufffd."""
    text = str(path)
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def file_kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path`` (through symlinks), at most ``limit + 1`` of them.

    Raises NotRegularFile for anything but a regular file, without blocking: the path is checked
    before it is opened, opened non-blocking, and checked again on the open descriptor (it could
    have been swapped in between). A file larger than ``limit`` raises FileTooLarge unread.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        raise NotRegularFile(path, file_kind(mode))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, file_kind(info.st_mode))
        if limit is not None and info.st_size > limit:
            raise FileTooLarge(path, info.st_size)
        return _read_fd(fd, info.st_size, limit)
    finally:
        os.close(fd)


def _read_fd(fd: int, expected: int, limit: int | None) -> bytes:
    """Read to the end, at most ``limit + 1`` bytes: one read of the expected size (a buffer of the
    limit's size would cost more than the read), then on until the end for a file that grew."""
    cap = None if limit is None else limit + 1
    chunks: list[bytes] = []
    total, size = 0, expected + 1
    while cap is None or total < cap:
        chunk = os.read(fd, size if cap is None else min(size, cap - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        size = 1024 * 1024
    return b"".join(chunks)


def _target(path: Path) -> Path:
    """Where writing ``path`` lands: a symlink's target (the link stays), refusing non-files."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, file_kind(mode))
    return path


def _write_temp(path: Path, raw: bytes) -> str:
    """``raw`` in a synced temporary file beside ``path``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes 0600; exports are meant to be shared and uploaded, so readable by all.
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _raw(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary file beside ``path``, sync it, then rename it into place.

    A symlink is written through (its target is replaced, the link stays); a path that exists and
    is not a regular file raises NotRegularFile. Returns the path as given.
    """
    target = _target(path)
    tmp = _write_temp(target, _raw(data))
    try:
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class WriteFailed(OSError):
    """One of several outputs could not be written: ``path`` names it, ``written`` lists those that were."""

    def __init__(self, path: Path, error: OSError, written: list[Path]) -> None:
        reason = error.reason if isinstance(error, NotRegularFile) else error.strerror or str(error)
        super().__init__(error.errno, f"{path}: {reason}")
        self.reason = reason  # without the path
        self.path = path
        self.error = error
        self.written = written


def _missing_folders(files: Iterable[Path]) -> list[Path]:
    """The folders that writing ``files`` would create, deepest first."""
    missing: set[Path] = set()
    for path in files:
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            missing.add(folder)
            folder = folder.parent
    return sorted(missing, key=lambda f: len(f.parts), reverse=True)


def write_all_atomic(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Write several files together: all of them, or (on any failure while writing) none.

    Each is first written to a synced temporary file beside its target; only when every one of
    them is on disk are they renamed into place. A rename failing after that (rare: the folder
    vanished) raises WriteFailed listing the outputs already in place.
    """
    staged: list[tuple[Path, Path, str]] = []
    made = _missing_folders(files)
    try:
        targets = []
        for path in files:
            try:
                targets.append((path, _target(path)))
            except OSError as exc:
                raise WriteFailed(path, exc, []) from None
        for path, target in targets:
            try:
                staged.append((path, target, _write_temp(target, _raw(files[path]))))
            except OSError as exc:
                raise WriteFailed(path, exc, []) from None
    except BaseException:
        for _, _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        for folder in made:  # deepest first: the folders this call made, if still empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    written: list[Path] = []
    for i, (path, target, tmp) in enumerate(staged):
        try:
            os.replace(tmp, target)
        except OSError as exc:
            for _, _, rest in staged[i:]:
                Path(rest).unlink(missing_ok=True)
            raise WriteFailed(path, exc, written) from None
        written.append(path)
    return written
