"""What the share server accepts, and the headers every one of its responses carries.

The server answers exactly three kinds of request target, checked on the raw bytes the client sent
(before any percent-decoding or normalisation): ``/{token}/``, ``/{token}/summary.pdf`` and
``/{token}/events`` (an open table's live page: its Server-Sent Events).
Anything else — an encoded ``../``, a backslash, a NUL, a second slash — fails the pattern and
never reaches the file system.
"""

from __future__ import annotations

import re

from tafel.render.live_html import SCRIPT_HASH

# Share tokens are ``secrets.token_urlsafe`` output: URL-safe base64, nothing else, and at least 128
# random bits (22 characters; tafel makes 24). A shorter one (a venue serves the slugs the laptops
# sent) is never served: guessable addresses are no addresses.
TOKEN = r"[A-Za-z0-9_-]{22,64}"
TARGET = re.compile(rb"/(" + TOKEN.encode() + rb")/(summary\.pdf|events)?")

PAGE = "index.html"
PDF = "summary.pdf"
EVENTS = "events"
CONTENT_TYPES = {PAGE: "text/html; charset=utf-8", PDF: "application/pdf"}

# Limits checked by the application (answered 414/431 with the headers below). The protocol
# layer has its own, higher bound (server.py) so a client cannot make it buffer without end.
MAX_TARGET = 2048
MAX_HEAD = 8192
MAX_PROTOCOL_HEAD = 65536

# The participant page is one file with inline CSS, no scripts, no external requests. The live
# page of an open table has one small inline script, allowed by its hash and nothing else; it may
# connect only to this server (its event stream). object-src
# 'self': browsers have shown a PDF as an embedded plugin document, which object-src 'none' blocked
# (Chromium bug 271452); today's Chromium shows it either way, older viewers on phones may not.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; script-src '{SCRIPT_HASH}'; connect-src 'self'; "
    "style-src 'unsafe-inline'; img-src 'self' data:; object-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS: list[tuple[str, str]] = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
]

NOT_FOUND_BODY = b"Not found\n"
METHODS = frozenset({"GET", "HEAD"})


def parse_target(raw_path: bytes) -> tuple[str, str] | None:
    """(token, name) for one of the three served targets (PAGE, PDF or EVENTS), else None."""
    match = TARGET.fullmatch(raw_path)
    if match is None:
        return None
    named = match.group(2)
    return match.group(1).decode("ascii"), PAGE if named is None else named.decode("ascii")


_PRINTABLE = re.compile(rb"[\x20-\x7e]*")


def printable(raw: bytes, limit: int = 200) -> str:
    """A request target as one safe log line: control characters escaped, long ones cut."""
    cut = raw[:limit]
    if _PRINTABLE.fullmatch(cut):
        text = cut.decode("ascii")  # the usual case, every request: no per-character work
    else:
        text = "".join(chr(b) if 32 <= b < 127 else f"\\x{b:02x}" for b in cut)
    return text + ("…" if len(raw) > limit else "")
