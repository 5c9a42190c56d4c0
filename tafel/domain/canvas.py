"""Canvases: the rounds, prompts, timings and value-card deck of a conversation format.

A canvas is data (a TOML file in ``canvases/``); this module turns the parsed mapping into
plain objects and names every problem with its key path. It reads no files itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tafel.domain.errors import Problem

ROUND_KINDS = ("values", "direction", "notes", "advice")
# Item kinds a notes zone may hold (the export schema's kinds, minus those owned by other rounds).
ZONE_KINDS = ("concept", "example", "tension", "note")
# The item kind a round of each kind writes (notes rounds take the kind from their zones).
ROUND_ITEM_KIND = {"values": "value", "direction": "direction", "advice": "advice"}

# Step names the app uses for its own screens beside the rounds (tafel/services/session.py
# PARTICIPANTS and CLOSING; the TUI keeps the overview screen under "overview"): a round with one
# of these ids would open the wrong screen.
RESERVED_ROUND_IDS = ("participants", "closing", "overview")
# A notes round shows its zones side by side (tafel/ui/screens/notes.py, ``.zone`` in tafel.tcss):
# a zone needs about 20 columns (a border each side, the input's padding, and some 16 characters of
# text), so a 200-column terminal holds 10 zones; more would be too narrow to type in.
ZONE_MIN_COLUMNS = 20
MAX_ZONES = 200 // ZONE_MIN_COLUMNS

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANG_PATTERN = re.compile(r"^[a-z]{2}$")
# What a pattern means, said in words (canvas_problems.toml): an author reads no regular expressions.
PATTERN_CODES = {ID_PATTERN.pattern: "bad_id", LANG_PATTERN.pattern: "bad_language"}


@dataclass(frozen=True)
class Zone:
    id: str
    title: str
    kind: str
    hint: str = ""


@dataclass(frozen=True)
class Round:
    id: str
    title: str
    kind: str
    minutes: int
    prompt: str
    zones: tuple[Zone, ...] = ()

    def zone(self, zone_id: str) -> Zone | None:
        return next((z for z in self.zones if z.id == zone_id), None)

    def item_kinds(self) -> tuple[str, ...]:
        if self.kind == "notes":
            return tuple(dict.fromkeys(z.kind for z in self.zones))
        return (ROUND_ITEM_KIND[self.kind],)


@dataclass(frozen=True)
class Card:
    value: str
    group: str | None = None
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Canvas:
    id: str
    version: int
    name: str
    language: str
    minutes: int
    description: str
    sectors: tuple[str, ...]
    rounds: tuple[Round, ...]
    deck: tuple[Card, ...] = ()
    participants_min: int | None = None
    participants_max: int | None = None
    source: str | None = field(default=None, compare=False)
    # [abbreviations]: how this programme's moderators abbreviate ("ovh" = "overheid"); the merge
    # writes them out before finding topics. Optional: older canvases have none.
    abbreviations: tuple[tuple[str, str], ...] = ()

    def round(self, round_id: str) -> Round | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def round_index(self, round_id: str) -> int | None:
        for i, r in enumerate(self.rounds):
            if r.id == round_id:
                return i
        return None

    def groups(self) -> dict[str, list[str]]:
        """Group name → its values, in deck order (cards without a group are left out)."""
        out: dict[str, list[str]] = {}
        for card in self.deck:
            if card.group:
                out.setdefault(card.group, []).append(card.value)
        return out


class CanvasError(ValueError):
    """A canvas mapping that does not describe a valid canvas; carries every problem found."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        super().__init__("; ".join(str(p) for p in problems))


class _Checker:
    """Collects problems while reading a mapping, so one pass reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, code, params))

    def table(self, data: Any, path: str) -> Mapping[str, Any]:
        if isinstance(data, Mapping):
            return data
        self.problem(path, "expected_table")
        return {}

    def text(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True,
        pattern: re.Pattern[str] | None = None, default: str = "",
    ) -> str:
        where = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                self.problem(where, "missing")
            return default
        value = data[key]
        if not isinstance(value, str):
            self.problem(where, "expected_text")
            return default
        if required and not value.strip():
            self.problem(where, "empty")
        elif pattern is not None and not pattern.match(value):
            self.problem(where, PATTERN_CODES.get(pattern.pattern, "bad_pattern"), value=value)
        return value.strip() if pattern is None else value

    def integer(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True,
        minimum: int = 1, default: int | None = None,
    ) -> int | None:
        where = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                self.problem(where, "missing")
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, "expected_integer")
            return default
        if value < minimum:
            self.problem(where, "too_small", minimum=minimum)
        return value

    def choice(self, data: Mapping[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str:
        value = self.text(data, key, path)
        if value and value not in choices:
            self.problem(f"{path}.{key}", "expected_one_of", choices=", ".join(choices))
        return value

    def text_list(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        where = f"{path}.{key}" if path else key
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problem(where, "expected_list")
            return ()
        out = []
        for i, entry in enumerate(value):
            if isinstance(entry, str) and entry.strip():
                out.append(entry.strip())
            else:
                self.problem(f"{where}[{i}]", "expected_text")
        return tuple(out)

    def unique(self, ids: list[tuple[str, str]], code: str) -> None:
        seen: set[str] = set()
        for path, value in ids:
            if value and value in seen:
                self.problem(path, code, value=value)
            seen.add(value)


def nearest(key: str, known: set[str] | frozenset[str]) -> str | None:
    """The known key a mistyped one most likely meant ("promt" → "prompt"), if any is close."""
    import difflib

    found = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


def _unknown_keys(check: _Checker, d: Mapping[str, Any], path: str, known: frozenset[str]) -> None:
    for key in d:
        if key in known:
            continue
        where = f"{path}.{key}" if path else key
        guess = nearest(str(key), known)
        if guess is not None:
            check.problem(where, "unknown_key_near", name=key, near=guess)
        else:
            check.problem(where, "unknown_key_of", name=key, known=", ".join(sorted(known)))


_ZONE_KEYS = frozenset({"id", "title", "kind", "hint"})
_ROUND_KEYS = frozenset({"id", "title", "kind", "minutes", "prompt", "zones"})
_CARD_KEYS = frozenset({"value", "group", "description", "aliases"})
_PARTICIPANT_KEYS = frozenset({"min", "max"})


def _zone(check: _Checker, data: Any, path: str) -> Zone:
    d = check.table(data, path)
    _unknown_keys(check, d, path, _ZONE_KEYS)
    return Zone(
        id=check.text(d, "id", path, pattern=ID_PATTERN),
        title=check.text(d, "title", path),
        kind=check.choice(d, "kind", path, ZONE_KINDS),
        hint=check.text(d, "hint", path, required=False),
    )


def _round(check: _Checker, data: Any, path: str) -> Round:
    d = check.table(data, path)
    _unknown_keys(check, d, path, _ROUND_KEYS)
    kind = check.choice(d, "kind", path, ROUND_KINDS)
    zones: list[Zone] = []
    raw_zones = d.get("zones")
    if kind == "notes":
        if not isinstance(raw_zones, list) or not raw_zones:
            check.problem(f"{path}.zones", "notes_need_zones")
        else:
            zones = [_zone(check, z, f"{path}.zones[{i}]") for i, z in enumerate(raw_zones)]
            check.unique([(f"{path}.zones[{i}].id", z.id) for i, z in enumerate(zones)], "duplicate_id")
            if len(zones) > MAX_ZONES:
                check.problem(f"{path}.zones", "too_many_zones", count=len(zones), max=MAX_ZONES,
                              columns=ZONE_MIN_COLUMNS)
    elif raw_zones is not None and kind:
        check.problem(f"{path}.zones", "zones_only_for_notes")
    round_id = check.text(d, "id", path, pattern=ID_PATTERN)
    if round_id in RESERVED_ROUND_IDS:
        check.problem(f"{path}.id", "reserved_id", value=round_id, reserved=", ".join(RESERVED_ROUND_IDS))
    return Round(
        id=round_id,
        title=check.text(d, "title", path),
        kind=kind,
        minutes=check.integer(d, "minutes", path) or 0,
        prompt=check.text(d, "prompt", path),
        zones=tuple(zones),
    )


def _card(check: _Checker, data: Any, path: str) -> Card:
    d = check.table(data, path)
    _unknown_keys(check, d, path, _CARD_KEYS)
    group = check.text(d, "group", path, required=False) or None
    return Card(
        value=check.text(d, "value", path),
        group=group,
        description=check.text(d, "description", path, required=False),
        aliases=check.text_list(d, "aliases", path),
    )


def parse_canvas(data: Mapping[str, Any], source: str | None = None) -> Canvas:
    """Build a Canvas from a parsed TOML mapping, or raise CanvasError naming every problem."""
    from tafel.domain.values import normalise  # local: values imports nothing from here

    check = _Checker()
    rounds_raw = data.get("rounds")
    rounds: list[Round] = []
    if not isinstance(rounds_raw, list) or not rounds_raw:
        check.problem("rounds", "need_rounds")
    else:
        rounds = [_round(check, r, f"rounds[{i}]") for i, r in enumerate(rounds_raw)]
        check.unique([(f"rounds[{i}].id", r.id) for i, r in enumerate(rounds)], "duplicate_id")
    deck_raw = data.get("deck", [])
    deck: list[Card] = []
    if not isinstance(deck_raw, list):
        check.problem("deck", "expected_list")
    else:
        deck = [_card(check, c, f"deck[{i}]") for i, c in enumerate(deck_raw)]
        names: list[tuple[str, str]] = []
        for i, card in enumerate(deck):
            names.append((f"deck[{i}].value", normalise(card.value)))
            names += [(f"deck[{i}].aliases[{j}]", normalise(a)) for j, a in enumerate(card.aliases)]
        check.unique(names, "duplicate_value")
    participants = check.table(data.get("participants", {}), "participants")
    _unknown_keys(check, participants, "participants", _PARTICIPANT_KEYS)
    canvas = Canvas(
        id=check.text(data, "id", "", pattern=ID_PATTERN),
        version=check.integer(data, "version", "") or 1,
        name=check.text(data, "name", ""),
        language=check.text(data, "language", "", pattern=LANG_PATTERN),
        minutes=check.integer(data, "minutes", "") or 0,
        description=check.text(data, "description", ""),
        sectors=check.text_list(data, "sectors", ""),
        rounds=tuple(rounds),
        deck=tuple(deck),
        participants_min=check.integer(participants, "min", "participants", required=False),
        participants_max=check.integer(participants, "max", "participants", required=False),
        source=source,
        abbreviations=_abbreviations(check, data.get("abbreviations", {})),
    )
    low, high = canvas.participants_min, canvas.participants_max
    if low is not None and high is not None and low > high:
        check.problem("participants.min", "min_above_max", min=low, max=high)
    _unknown_keys(check, data, "", frozenset(_TOP_KEYS))
    planned = sum(r.minutes for r in rounds)
    if canvas.minutes and planned > canvas.minutes:
        check.problem("minutes", "rounds_over_minutes", planned=planned, minutes=canvas.minutes,
                      over=planned - canvas.minutes)
    if check.problems:
        raise CanvasError(check.problems, source)
    return canvas


def canvas_warnings(canvas: Canvas) -> list[Problem]:
    """What a valid canvas may still lack: said by ``tafel canvas check``, never refused.

    No sectors (every participant then counts as "no sector"); a values round without a deck (the
    canvas loads, and every card is typed as the participant's own: nothing to pick from).
    """
    out: list[Problem] = []
    if not canvas.sectors:
        out.append(Problem("sectors", "no_sectors", {}))
    if not canvas.deck:
        for n, rnd in enumerate(canvas.rounds):
            if rnd.kind == "values":
                out.append(Problem(f"rounds[{n}]", "values_without_deck", {"title": rnd.title}))
    return out


def participants_below_minimum(canvas: Canvas, count: int) -> bool:
    """Fewer people at the table than the canvas asks for (a calm line on screen, never a block)."""
    return canvas.participants_min is not None and 0 < count < canvas.participants_min


_TOP_KEYS = {
    "id", "version", "name", "language", "minutes", "description", "sectors", "rounds", "deck",
    "participants", "abbreviations",
}


def _abbreviations(check: _Checker, data: Any) -> tuple[tuple[str, str], ...]:
    table = check.table(data, "abbreviations")
    out = []
    for short, long in table.items():
        if isinstance(long, str) and long.strip() and short.strip():
            out.append((short.strip(), long.strip()))
        else:
            check.problem(f"abbreviations.{short}", "expected_text")
    return tuple(out)
