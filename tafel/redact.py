"""Passwords out of everything tafel says or writes: database URLs appear in messages, logs and
crash logs only as ``postgresql://user:***@host/db``."""

from __future__ import annotations

import re

# scheme://user:password@ — the password is whatever lies between the first colon after the
# scheme's slashes and the last @ before the host (a password may itself hold @ or :).
_IN_URL = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s'\"]*:)(?P<pw>[^\s'\"]*)@(?=[^@\s'\"]*)")
# key=value connection strings (libpq's): password=…
_KEYWORD = re.compile(r"(?i)\b(password\s*=\s*)('[^']*'|\S+)")


def redact(text: str) -> str:
    """``text`` with every password of a URL or a ``password=`` setting replaced by ***."""
    if "@" not in text and "password" not in text.lower():
        return text
    text = _IN_URL.sub(lambda m: m.group("head") + "***@", text)
    return _KEYWORD.sub(lambda m: m.group(1) + "***", text)


def safe_url(url: str) -> str:
    """A database URL as it may be shown: SQLAlchemy's rendering without the password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):  # what make_url says of text that is no URL
        return redact(url)
