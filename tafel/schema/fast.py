"""A fast path for reading exports: decode and check in one pass, never laxer than the schema.

``tafel merge`` reads thousands of exports; checking each against the compiled schema and then
mapping its dictionaries to the domain's objects took several times longer than decoding them.
Here msgspec decodes an export's bytes straight into typed structs that carry the schema's
constraints (types, lengths, enums, required fields), in C. The few rules a struct cannot state
are checked after it, for the whole file at once; then the domain's Table is built from the structs.

The fast path only ever says "valid, and here it is" or "not sure": it is stricter than the schema
(ids only in tafel's own lowercase form, no unknown fields, no escapes that could hide a control
character, only ASCII digits in dates...), and whatever it refuses is read the slow way
(``validate_document``), which accepts it or names the problem exactly as before.
tests/merge/test_fast_read.py holds it to never accepting what the slow way refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from tafel.domain.exchange import table_from_checked
from tafel.domain.table import Table
from tafel.domain.timing import KEY as TIMING

# The schema's date-time format as fastjsonschema checks it, with ASCII digits only (its ``\d``
# also takes other scripts' digits: stricter here). ``\Z``: no newline may follow, as ``$`` allows.
_DATE = (
    r"[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29"
)
DATE_TIME = (
    rf"^(?:{_DATE})[tT](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?"
    r"(?:[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9]|[zZ])\Z"
)
# The schema's date is checked by its shape here and as a real date below (as the rules do).
_PLAIN_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"
_MAX_INTEGER = 2**63 - 1  # what SQLite holds; larger ranks are refused the slow way, by name

Instant = Annotated[str, Meta(pattern=DATE_TIME)]
Text100 = Annotated[str, Meta(max_length=100)]
Text200 = Annotated[str, Meta(max_length=200)]
Count = Annotated[int, Meta(ge=1, le=_MAX_INTEGER)]


class Participant(Struct, forbid_unknown_fields=True):
    id: str
    name: Text200 | None = None
    sector: Text100 | None = None
    updated_at: str | None = None  # tafel's own field (not in the schema): any text, read as the domain reads it


class Item(Struct, forbid_unknown_fields=True):
    id: str
    round: Annotated[str, Meta(min_length=1, max_length=64)]
    kind: Literal["value", "direction", "concept", "example", "tension", "advice", "note"]
    text: Annotated[str, Meta(max_length=10000)]
    value: Text100 | None = None
    refs: list[Text100] = []  # msgspec gives each struct its own new list
    participant: str | None = None
    between: Annotated[list[Text200], Meta(max_length=2)] = []
    rank: Count | None = None
    tags: list[Text100] = []
    zone: str | None = None  # not in the schema; a zone that is no text goes the slow way (kept as extra)
    created_at: str | None = None  # the schema's date-time: checked for the whole file at once (_instants)
    updated_at: str | None = None


class Head(Struct, forbid_unknown_fields=True):
    id: str
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    date: Annotated[str, Meta(pattern=_PLAIN_DATE)]
    canvas: Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,63}\Z")]
    programme: str | None = None
    location: Text200 | None = None
    moderator: Text200 | None = None
    # UNSET: absent (the schema refuses null here, and so does the type)
    canvas_version: Count | UnsetType = UNSET
    language: Annotated[str, Meta(pattern=r"^[a-z]{2}\Z")] | UnsetType = UNSET
    started_at: Instant | None = None
    ended_at: Instant | None = None


# tafel's own extra top-level fields (the schema allows any): shapes shallow enough that no depth
# check is needed; anything else there goes the slow way.
Deletion = dict[str, str]
TimingEntry = dict[str, str | int | float | None]


class Document(Struct, forbid_unknown_fields=True):
    format: Literal["tafel/table"]
    version: Literal[1]
    table: Head
    participants: Annotated[list[Participant], Meta(max_length=100)]
    items: Annotated[list[Item], Meta(max_length=5000)]
    exported_at: Instant | UnsetType = UNSET
    generator: str | UnsetType = UNSET
    deletions: list[Deletion] | None = None  # null says what absent says (no deletions)
    timing: list[TimingEntry] | UnsetType | None = UNSET  # kept as it came, null too (an extra field)


_DECODER = msgspec.json.Decoder(Document)

# A control character in a text can only be written as an escape (JSON strings hold none as is;
# msgspec refuses those) or, for DEL, as itself. Such an escape, or an escaped backslash before a
# "b" or "f", sends the file the slow way, which finds the character's place.
_CONTROL_ESCAPE = re.compile(rb"\\(?:u00[01][0-9a-fA-F]|u007[fF]|[bf])")
_HEX = b"0123456789abcdef-\n"

# The items' times, checked for a whole file at once (a pattern per value cost more than decoding
# the file): their shapes by one expression over all of them, each followed by a newline, and
# their days once per distinct day, as real dates (stricter than the schema's pattern: no year 0).
# _SHAPES with that check is DATE_TIME; _READABLE is narrower: what parse_instant surely reads.
_HOUR = r"(?:[01][0-9]|2[0-3])"
_SHAPES = re.compile(
    rf"(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[tT]{_HOUR}:[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?"
    rf"(?:[+-]{_HOUR}:?[0-5][0-9]|[zZ])\n)*"
)
_READABLE = re.compile(
    rf"(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T{_HOUR}:[0-5][0-9]:[0-5][0-9](?:\.[0-9]{{1,6}})?"
    rf"(?:Z|[+-]{_HOUR}:[0-5][0-9])\n)*"
)


def _instants(values: list[str], shapes: re.Pattern[str] = _SHAPES) -> bool:
    """Whether every value has one of ``shapes`` and a real day (see above)."""
    if not values:
        return True
    joined = "\n".join(values) + "\n"
    if joined.count("\n") != len(values) or shapes.fullmatch(joined) is None:  # no newline inside a value
        return False
    try:
        for day in {value[:10] for value in values}:
            dt.date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _canonical_ids(ids: list[str]) -> bool:
    """Whether every id is a UUID in the one form tafel writes (lowercase, hyphenated), checked
    for a whole file at once: a regular expression per id cost as much as decoding the file.

    Joined by newlines, they hold newlines exactly every 37 characters (so each id is 36 long and
    holds none), hyphens exactly at a UUID's four places in each and nowhere else, and otherwise
    only lowercase hex digits.
    """
    n = len(ids)
    if not n:
        return True
    joined = "\n".join(ids)
    hyphens = "-" * n
    return (
        len(joined) == 37 * n - 1 and joined.count("\n") == n - 1 and joined[36::37] == "\n" * (n - 1)
        and joined[8::37] == hyphens and joined[13::37] == hyphens and joined[18::37] == hyphens
        and joined[23::37] == hyphens and joined.count("-") == 4 * n
        and not joined.encode("utf-8").translate(None, _HEX)
    )


def decode_valid(raw: bytes) -> Document | None:
    """The export in ``raw`` when it surely keeps the contract (schema and rules), else None."""
    if (b"\\" in raw and _CONTROL_ESCAPE.search(raw)) or b"\x7f" in raw:  # `in`: memchr, most files have no escape
        return None
    try:
        doc = _DECODER.decode(raw)
    # ValidationError is a DecodeError; anything else it may raise (invalid UTF-8 among them) is
    # left to the slow way too, which names the problem.
    except (msgspec.DecodeError, ValueError, RecursionError):
        return None
    items, participants = doc.items, doc.participants
    ids = [p.id for p in participants]
    ids += [i.id for i in items]
    unique = len(set(ids)) == len(ids)
    ids.append(doc.table.id)
    ids += [i.participant for i in items if i.participant is not None]
    # A value card names its value (the schema's if/then).
    if not unique or not _canonical_ids(ids) or not all([i.value for i in items if i.kind == "value"]):
        return None
    if not _instants([i.created_at for i in items if i.created_at is not None]):
        return None
    try:
        dt.date.fromisoformat(doc.table.date)
    except ValueError:
        return None
    return doc


def read_table(raw: bytes) -> tuple[Table, str | None] | None:
    """The table in ``raw`` and its ``exported_at`` when the fast path vouches for the file (the
    same as ``table_from_export`` of the validated document), else None."""
    doc = decode_valid(raw)
    if doc is None:
        return None
    head = doc.table
    updated = [i.updated_at for i in doc.items if i.updated_at is not None]
    updated += [p.updated_at for p in doc.participants if p.updated_at is not None]
    table = table_from_checked(
        id=head.id, title=head.title, date=head.date, canvas=head.canvas,
        canvas_version=None if head.canvas_version is UNSET else head.canvas_version,
        language=None if head.language is UNSET else head.language, programme=head.programme,
        location=head.location, moderator=head.moderator, started_at=head.started_at, ended_at=head.ended_at,
        participants=doc.participants, items=doc.items, deletions=doc.deletions,
        doc_extra=None if doc.timing is UNSET else {TIMING: doc.timing}, readable=_instants(updated, _READABLE),
    )
    return table, None if doc.exported_at is UNSET else doc.exported_at
