"""The programme database's password, kept out of tafel's database and settings.

``tafel sync --to postgresql://laptop:secret@db/programma`` remembers the address without its
password; the password goes to ``<data folder>/pgpass``, a file in libpq's own password-file
format (``host:port:database:user:password``), readable by this user only (0600, which libpq
insists on). Connections to an address found there get the file as libpq's ``passfile``; other
addresses keep libpq's usual sources (``PGPASSWORD``, ``PGPASSFILE``, ``~/.pgpass``), so a
moderator may also set the password up that way and give tafel an address without one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tafel.settings import data_home

FILE = "pgpass"
MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Entry:
    host: str
    port: str
    database: str
    user: str

    def line(self, password: str) -> str:
        return ":".join(_escape(f) for f in (self.host, self.port, self.database, self.user, password))

    def matches(self, fields: list[str]) -> bool:
        return fields[:4] == [self.host, self.port, self.database, self.user]


def path(home: Path | None = None) -> Path:
    return (home or data_home()) / FILE


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def _fields(line: str) -> list[str]:
    """A password-file line's fields, as libpq reads them (backslash escapes ``:`` and ``\\``)."""
    out: list[str] = []
    field: list[str] = []
    escaped = False
    for ch in line:
        if escaped:
            field.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":" and len(out) < 4:
            out.append("".join(field))
            field = []
        else:
            field.append(ch)
    out.append("".join(field))
    return out


def split(url: str) -> tuple[str, str | None, Entry | None]:
    """(the URL without its password, the password, where libpq looks it up) — a PostgreSQL URL
    only; any other comes back as it is."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url, None, None
    query_host = parsed.query.get("host")
    query_port = parsed.query.get("port")
    host = parsed.host or (query_host if isinstance(query_host, str) else None) or "localhost"
    port = str(parsed.port or (query_port if isinstance(query_port, str) else None) or "5432")
    entry = Entry(host, port, parsed.database or parsed.username or "*", parsed.username or "*")
    bare = parsed._replace(password=None).render_as_string(hide_password=False)  # set() ignores None
    return bare, parsed.password, entry


def _read(file: Path) -> list[str]:
    try:
        with open(file, encoding="utf-8") as fh:
            return fh.read(MAX_BYTES).splitlines()
    except (FileNotFoundError, UnicodeDecodeError):
        return []


def _write(file: Path, lines: list[str]) -> None:
    """All lines at once, through a 0600 temporary file renamed into place: never readable by others,
    never half written."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):
        os.chmod(file, 0o600)


def save(url: str, home: Path | None = None) -> str:
    """The password of ``url`` into the password file (replacing one for the same address); the URL
    without it, to be remembered. A URL without a password comes back as it is."""
    bare, password, entry = split(url)
    if password is None or entry is None:
        return url
    file = path(home)
    kept = [line for line in _read(file) if not entry.matches(_fields(line))]
    _write(file, [*kept, entry.line(password)])
    return bare


def forget(url: str, home: Path | None = None) -> None:
    """The password file's line for ``url``'s address gone (the file too, when it was the last)."""
    _bare, _password, entry = split(url)
    file = path(home)
    lines = _read(file)
    if entry is None or not lines:
        return
    kept = [line for line in lines if not entry.matches(_fields(line))]
    if not kept:
        file.unlink(missing_ok=True)
    elif len(kept) != len(lines):
        _write(file, kept)


def holds_password(url: str) -> bool:
    """Whether ``url`` carries its password itself (readable wherever the address is written)."""
    from sqlalchemy.exc import ArgumentError

    try:
        return split(url)[1] is not None
    except (ArgumentError, ValueError, TypeError):  # no URL make_url can read: no password in it either
        return False


def connect_args(url: str, home: Path | None = None) -> dict[str, str]:
    """``{"passfile": …}`` when the password file holds ``url``'s address and the URL no password;
    else nothing (libpq's own ``PGPASSWORD``, ``PGPASSFILE`` and ``~/.pgpass`` stay in force)."""
    from sqlalchemy.exc import ArgumentError

    try:
        _bare, password, entry = split(url)
    except (ArgumentError, ValueError, TypeError):  # no URL make_url can read: nothing to look up
        return {}
    if password is not None or entry is None:
        return {}
    file = path(home)
    if any(entry.matches(_fields(line)) for line in _read(file)):
        return {"passfile": str(file)}
    return {}


def use_for(url: str) -> None:
    """For a process that opens ``url`` through the ordinary engine (``tafel share --db``): libpq
    reads the password file when it holds that address and no other password file was chosen."""
    found = connect_args(url).get("passfile")
    if found and "PGPASSFILE" not in os.environ:
        os.environ["PGPASSFILE"] = found
