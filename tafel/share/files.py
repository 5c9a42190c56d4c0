"""The files the share server may hand out: two per exported table, read safely, kept in memory.

Token → folder comes from the database (``Store.exported_folders``), so only tables this laptop
exported are served. A file is opened by its fixed name relative to a handle on the folder
itself, never following a symbolic link (neither the folder nor the file may be one), and only a
plain regular file with a single name is served: a link planted in the exports folder, pointing
at ``/etc/passwd`` or at another table's folder, gives 404.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tafel.share.limits import OUT_OF_FILES
from tafel.share.security import CONTENT_TYPES

MAX_FILE = 64 * 1024 * 1024  # a summary PDF is well under a megabyte; this only bounds memory
REFRESH_SECONDS = 1.0  # how soon a new export (or a deleted table) shows on the server
# How long a file read (safely) stays served from memory before its folder is looked at again:
# a re-export shows within this, and 100 phones cost no file-system calls in between.
RECHECK_SECONDS = 0.25

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FD = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd and bool(_NOFOLLOW)


class OutOfFiles(Exception):
    """The process has no file left to open a table's file with: answered 503, try again shortly."""


@dataclass(frozen=True)
class Served:
    body: bytes
    content_type: str
    etag: str


def serving(body: bytes, name: str) -> Served:
    """``body`` served as the file ``name`` (index.html or summary.pdf), with its ETag."""
    return Served(body, CONTENT_TYPES[name], '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')


def _plain_file(st: os.stat_result) -> bool:
    return stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and st.st_size <= MAX_FILE


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


class Catalogue:
    """The exported tables' folders (refreshed at most once a second) and their files' bytes."""

    def __init__(self, folders: Callable[[], dict[str, str]], *, refresh: float | None = None) -> None:
        self._load = folders
        self._refresh = REFRESH_SECONDS if refresh is None else refresh  # read now: tests shorten it
        self._folders: dict[str, Path] = {}
        self._loaded_at = float("-inf")
        # (token, name) → (the file's identity when read, its bytes, when that identity was last confirmed)
        self._cache: dict[tuple[str, str], tuple[tuple[int, int, int, int], Served, float]] = {}

    def folder(self, token: str) -> Path | None:
        now = time.monotonic()
        if now - self._loaded_at >= self._refresh:
            # Also reached for unknown tokens, but at most once per interval: guessing is cheap for nobody.
            self._folders = {t: Path(f) for t, f in self._load().items()}
            self._loaded_at = now
            live = set(self._folders)
            self._cache = {k: v for k, v in self._cache.items() if k[0] in live}
        return self._folders.get(token)

    def forget(self) -> None:
        """Read the exported tables again at the next request (a table was exported just now)."""
        self._loaded_at = float("-inf")

    def get(self, token: str, name: str) -> Served | None:
        """The file ``name`` (index.html or summary.pdf) of the table with ``token``, or None.

        Raises OutOfFiles when the process is at its open-file limit.
        """
        if name not in CONTENT_TYPES:
            return None
        folder = self.folder(token)
        if folder is None:
            return None
        hit = self._cache.get((token, name))
        if hit is not None and time.monotonic() - hit[2] < RECHECK_SECONDS:
            return hit[1]
        try:
            return self._read(token, folder, name)
        except OSError as exc:
            if exc.errno in OUT_OF_FILES:
                if hit is not None:
                    return hit[1]  # read a moment ago: better than a 503 while files are out
                raise OutOfFiles from None  # the file is fine; this process is full for a moment
            return None  # gone, a link, unreadable: all look the same from outside

    def _read(self, token: str, folder: Path, name: str) -> Served | None:
        if not _DIR_FD:
            return self._read_checked_paths(token, folder, name)
        dir_fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            if not _plain_file(st):
                return None
            if served := self._confirmed(token, name, st):
                return served
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
        finally:
            os.close(dir_fd)
        return self._fill(token, name, fd)

    def _read_checked_paths(self, token: str, folder: Path, name: str) -> Served | None:
        """Without ``dir_fd`` (Windows): the same rules by path, checked before and after opening."""
        if folder.is_symlink() or not folder.is_dir():
            return None
        path = folder / name
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode) or not _plain_file(st):
            return None
        if Path(os.path.realpath(path)).parent != Path(os.path.realpath(folder)):
            return None
        if served := self._confirmed(token, name, st):
            return served
        return self._fill(token, name, os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0)))

    def _confirmed(self, token: str, name: str, st: os.stat_result) -> Served | None:
        """The cached bytes, if the file on disk is still the one they were read from."""
        hit = self._cache.get((token, name))
        if hit is None or hit[0] != _identity(st):
            return None
        self._cache[(token, name)] = (hit[0], hit[1], time.monotonic())
        return hit[1]

    def _fill(self, token: str, name: str, fd: int) -> Served | None:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not _plain_file(st):
                return None
            body = fh.read(MAX_FILE + 1)
        if len(body) != st.st_size:
            return None  # changed while being read (an export in progress): the next request gets it
        served = serving(body, name)
        self._cache[(token, name)] = (_identity(st), served, time.monotonic())
        return served
