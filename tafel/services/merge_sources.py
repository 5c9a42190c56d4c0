"""Finding the exports to merge: files, folders (searched for ``*.json`` and ``*.zip``, in any case)
and ``.zip`` archives.

A folder is what an organiser makes of USB sticks and e-mail: a zip or a ``TAFEL.JSON`` in it is
read, never passed over without a word; a zip inside a zip is named as such (unpack it first).

A zip comes from e-mail or a shared drive, so it is distrusted: a member whose path climbs out
(``../``) or is absolute refuses the whole archive, and so does an archive that would unpack to
far more than any set of exports (a zip bomb). Members are read with a hard size limit, because
the sizes in a zip's directory can lie.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from pathlib import Path, PurePosixPath

from tafel.domain.errors import TafelError
from tafel.files import printable
from tafel.i18n import error
from tafel.services.reading import MAX_FILE_BYTES, read_bytes, too_large


def _supported_methods() -> tuple[set[int], tuple[type[Exception], ...]]:
    """The compression methods this Python can unpack (bzip2 and lzma are optional modules)."""
    methods = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
    errors: list[type[Exception]] = []
    try:
        import bz2  # noqa: F401
    except ImportError:
        pass
    else:
        methods.add(zipfile.ZIP_BZIP2)
    try:
        import lzma
    except ImportError:
        pass
    else:
        methods.add(zipfile.ZIP_LZMA)
        errors.append(lzma.LZMAError)
    return methods, tuple(errors)


SUPPORTED_METHODS, _DECOMPRESS_ERRORS = _supported_methods()
_UNREADABLE: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, *_DECOMPRESS_ERRORS,
)
MAX_ZIP_TOTAL = 1024 * 1024 * 1024  # 1 GB unpacked: ten thousand tables are about 100 MB
MAX_ZIP_RATIO = 200  # JSON compresses 5-20x; 200x only from padding made to explode
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress extremely well without harm


@dataclass(frozen=True)
class Candidate:
    """One export to read: ``label`` names it to the user (``archive.zip:folder/table.json``)."""

    label: str
    size: int
    read: Callable[[], bytes]
    searched: bool = True  # found in a folder or zip (not named by the user)
    source: Path | None = None  # the file on disk it comes from (the export, or its zip)
    member: str = ""  # its name inside that zip


def _read_file(path: Path) -> Callable[[], bytes]:
    return partial(read_bytes, path)


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def _read_listed(path: Path) -> bytes:
    """``read_bytes`` for a file its folder's listing says is a regular file, in fewer system calls
    (a tenth of a large merge's reading): no stat before opening (the listing stands for it; the
    open descriptor is still checked, non-blocking, as read_bytes does) and one read, as a read
    that stops short of the size asked for has reached the file's end. Anything unusual (it
    changed, vanished, grew, is too large) is left to read_bytes, for its checks and its words.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return read_bytes(path)
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:
            data = os.read(fd, info.st_size + 1)
            if len(data) <= info.st_size:
                return data
    except OSError:
        pass
    finally:
        os.close(fd)
    return read_bytes(path)


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts


def _hidden(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def zip_members(path: Path, label: str, stack: ExitStack) -> list[Candidate]:
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    # A damaged directory can also say a zip version this Python does not know (NotImplementedError),
    # or hold a name that is not the UTF-8 it claims (ValueError), or cut a record short.
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError, struct.error) as exc:
        raise TafelError("merge.bad_zip", file=label, error=str(exc) or type(exc).__name__) from None
    infos = archive.infolist()
    for info in infos:
        if _unsafe(info.filename):
            raise TafelError("merge.zip_unsafe_path", file=label, member=info.filename)
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise TafelError("merge.zip_bomb", file=label, size_mb=total // 1_048_576)
    for info in infos:
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise TafelError("merge.zip_bomb", file=label, size_mb=total // 1_048_576)
    found = []
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename.lower()
        if info.is_dir() or _hidden(info.filename) or not name.endswith((".json", ".zip")):
            continue
        read = _refuse_nested(info.filename) if name.endswith(".zip") else _read_member(archive, info)
        found.append(Candidate(f"{label}:{info.filename}", info.file_size, read, source=path, member=info.filename))
    return found


def _refuse_nested(name: str) -> Callable[[], bytes]:
    """A zip inside a zip is not unpacked (its limits would be the outer one's to guess), but named:
    its tables would otherwise be missing from the verslag without a word."""

    def read() -> bytes:
        raise TafelError("merge_sources.zip_in_zip", member=name)

    return read


def _refuse(error: TafelError) -> Callable[[], bytes]:
    def read() -> bytes:
        raise error

    return read


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        if info.file_size > MAX_FILE_BYTES:
            raise too_large(info.file_size)
        if info.flag_bits & 0x1:
            raise TafelError("merge.zip_encrypted")
        if info.compress_type not in SUPPORTED_METHODS:
            raise TafelError("merge.zip_method", method=info.compress_type)
        try:
            with archive.open(info) as fh:
                # One byte past the limit: a lying directory entry still cannot blow up memory.
                data = fh.read(MAX_FILE_BYTES + 1)
        except RuntimeError:  # zipfile's word for "encrypted, password required"
            raise TafelError("merge.zip_encrypted") from None
        except NotImplementedError:  # a compression method this Python cannot unpack
            raise TafelError("merge.zip_method", method=info.compress_type) from None
        except _UNREADABLE as exc:
            raise TafelError("file.unreadable", error=str(exc) or type(exc).__name__) from None
        if len(data) > MAX_FILE_BYTES:
            raise TafelError("file.too_large", size_mb=f"> {MAX_FILE_BYTES // 1_048_576}",
                             max_mb=MAX_FILE_BYTES // 1_048_576)
        return data

    return read


def _hidden_name(name: str) -> bool:
    """``_hidden`` for one name of a folder listing (which holds no slash), without building a path."""
    return name.startswith(".") or name == "__MACOSX"


def _json_files(root: Path) -> Iterator[tuple[tuple[str, ...], Path, bool, bool]]:
    """``root.rglob("*.json")`` and ``*.zip``, in any case, without recursion (a folder nested a
    thousand deep would overflow Python's stack); symlinked folders are not followed, unreadable ones passed over.

    Each with its path's parts (to sort by, as paths sort, without comparing Path objects) and
    whether the listing already says it is a regular file (no symlink): then it needs no stat; and whether it is a zip.
    """
    folders = [(root.parts, root)]
    while folders:
        parts, folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                found = list(entries)
        except OSError:
            continue
        for entry in found:
            name = entry.name
            if _hidden_name(name):
                continue
            is_zip = name[-4:].lower() == ".zip"
            if is_zip or name.endswith(".json") or name[-5:].lower() == ".json":
                try:
                    regular = entry.is_file(follow_symlinks=False)
                except OSError:
                    regular = False
                yield (*parts, name), folder / name, regular, is_zip
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(((*parts, name), folder / name))
            except OSError:
                continue


def _folder(path: Path, stack: ExitStack) -> Iterator[Candidate]:
    """The ``*.json`` under a folder, and the members of its ``*.zip``; a pipe or device by that name
    is listed (and refused when read, never opened), a folder or a dangling symlink by that name is
    passed over. A zip that cannot be opened is one candidate that fails when read, so that
    ``--skip-invalid`` passes it over like any other bad file.

    A regular file is listed with size 0 (unknown): reading it checks its size anyway, with the
    same message (with the sorting by parts, this made listing 3,000 files twice as fast).
    """
    for _parts, found, regular, is_zip in sorted(_json_files(path), key=itemgetter(0)):
        if is_zip:
            if not found.is_file():
                continue
            label = printable(found)
            try:
                yield from zip_members(found, label, stack)
            except TafelError as exc:  # its message names the zip, as the line of a bad file does
                reason = error(exc).removeprefix(f"{label}: ")
                yield Candidate(label, 0, _refuse(TafelError("merge_sources.archive", reason=reason)), source=found)
            continue
        if regular:
            yield Candidate(printable(found), 0, partial(_read_listed, found), source=found)
            continue
        try:
            info = found.stat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            continue
        size = info.st_size if stat.S_ISREG(info.st_mode) else 0
        yield Candidate(printable(found), size, _read_file(found), source=found)


def collect(paths: Sequence[Path], stack: ExitStack) -> Iterator[Candidate]:
    """Every export under ``paths`` once, in the order given (folders and archives sorted by name).

    A file named twice (a folder and a file in it, ``exports exports/*/table.json``) is read once:
    else it would be listed as a duplicate of itself. Archives stay open on ``stack`` until the
    caller has read their members.
    """
    if len(paths) == 1:  # one folder or zip lists each file once: no key to make per file
        yield from _collect(paths, stack)
        return
    seen: set[tuple[str, str]] = set()
    for candidate in _collect(paths, stack):
        # abspath, not resolve: no system call per file (a symlinked copy still counts as a duplicate)
        key = (os.path.abspath(candidate.source) if candidate.source else candidate.label, candidate.member)
        if key not in seen:
            seen.add(key)
            yield candidate


def _collect(paths: Sequence[Path], stack: ExitStack) -> Iterator[Candidate]:
    for path in paths:
        label = printable(path)
        if path.is_dir():
            yield from _folder(path, stack)
        elif path.suffix.lower() == ".zip" and path.is_file():
            yield from zip_members(path, label, stack)
        elif path.exists():
            yield Candidate(label, path.stat().st_size, _read_file(path), searched=False, source=path)
        else:
            raise TafelError("merge.path_not_found", file=label)
