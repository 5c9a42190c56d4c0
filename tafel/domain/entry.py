"""What a moderator types in one line, read as a note: ``#tags`` and ``pole <> pole: note``.

Typing while listening leaves no time for forms: "Loket belt terug #menselijke_maat" is a note
with a tag, and "rechtmatigheid <> menselijke maat: bij de toeslagen" a tension with its note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TAG = re.compile(r"(?<!\w)#([\w\-]+)", re.UNICODE)
# Arrows and words a keyboard can type for "between": <>, <->, ↔, vs, versus.
_POLES = re.compile(r"\s*(?:<->|<>|↔|⟷|\bvs\.?|\bversus)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    text: str
    tags: list[str] = field(default_factory=list)
    between: list[str] = field(default_factory=list)


def tag_name(raw: str) -> str:
    return raw.replace("_", " ").strip().casefold()


def parse_tags(text: str) -> tuple[str, list[str]]:
    """The text without its ``#tags``, and the tags (underscores read as spaces), in order."""
    tags = list(dict.fromkeys(tag_name(m) for m in _TAG.findall(text)))
    rest = _TAG.sub("", text)
    return " ".join(rest.split()), [t for t in tags if t]


def split_tags(text: str) -> list[str]:
    """Tags typed as a list: "menselijke maat, toeslagen" or "#a #b"."""
    parts = re.split(r"[,;]|(?=#)", text)
    return list(dict.fromkeys(t for t in (tag_name(p.lstrip("#")) for p in parts) if t))


def parse_note(text: str) -> Entry:
    """A typed note or advice: its ``#tags`` read, spaces tidied, its line breaks kept (Ctrl+J in the field)."""
    return parse_note_lines(text)


def parse_tension(text: str) -> Entry | None:
    """``a <> b`` or ``a <> b: note`` as a tension; None when the line names no two poles."""
    body, tags = parse_tags(text)
    head, colon, note = body.partition(":")
    poles = [p.strip() for p in _POLES.split(head, maxsplit=1)]
    if len(poles) != 2 or not all(poles):
        return None
    return Entry(note.strip() if colon else "", tags, poles)


def parse_note_lines(text: str) -> Entry:
    """Several lines (a paste) as one note: each line's ``#tags`` read, the line breaks kept."""
    lines: list[str] = []
    tags: list[str] = []
    for line in text.split("\n"):
        body, found = parse_tags(line)
        lines.append(body)
        tags += found
    return Entry("\n".join(lines).strip("\n"), list(dict.fromkeys(tags)))
