"""A table's summary, once: the closing screen, the canvas overview, the PDF and the page show this.

Built from the table and its canvas. The canvas gives the order of the rounds and the zones of
the notes rounds; an item the canvas has no place for (a zone or kind its round lacks, from an
older canvas version or an import) is listed after the round's own, grouped by kind; items of a
round the canvas does not have (every item, when the canvas itself is unknown) are grouped by
round and kind. Nothing is hidden, and every output puts an item under the same heading.

Plain Python: the few words the model holds (a heading for items without a place, the title of a
round the canvas lacks) come in as ``Words`` from whoever shows it, in the language it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tafel.domain.canvas import Canvas, Round
from tafel.domain.sectors import SectorCount, count_sectors, tidy_sector
from tafel.domain.table import ITEM_KINDS, Item, Table
from tafel.domain.timing import KEY as TIMING_KEY
from tafel.domain.timing import round_timing


@dataclass(frozen=True)
class Words:
    """The texts the summary needs from the language it is shown in."""

    lang: str
    kind: Callable[[str], str]  # the heading of items of one kind without a place: "Notities"
    round: Callable[[str], str]  # the title of a round the canvas does not have
    date: Callable[[str], str]  # an ISO date as the language writes it
    no_sector: str


@dataclass(frozen=True)
class Entry:
    """One item as the summary shows it."""

    kind: str
    text: str
    value: str | None = None  # a value card's value
    name: str | None = None  # who chose the card: a name, where the audience may see it
    sector: str | None = None  # and their sector
    refs: tuple[str, ...] = ()
    poles: tuple[str, ...] = ()  # a tension's two poles
    rank: int | None = None  # advice: its place in the ranking, 1 first
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """The entries of one zone, of a round's one list, or of one kind without a place."""

    title: str | None  # the zone's title, the kind's heading; None for a round's one list
    kind: str
    entries: tuple[Entry, ...]
    hint: str = ""
    zone: str | None = None  # the canvas zone these lie in
    placed: bool = True  # False: items the canvas has no place for, shown after the round's own


@dataclass(frozen=True)
class Part:
    """One round."""

    id: str
    title: str
    kind: str  # values, direction, notes, advice (rounds the canvas lacks: the kind found)
    groups: tuple[Group, ...]
    known: bool = True  # False: a round the canvas does not have
    minutes: int | None = None  # planned

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for g in self.groups for e in g.entries)


@dataclass(frozen=True)
class RoundTime:
    """A round's planned minutes against the minutes its timer ran (None: not timed)."""

    round: str
    title: str
    planned: int
    actual: float | None


@dataclass(frozen=True)
class Summary:
    lang: str  # the language of ``Words``
    title: str
    date: str
    date_text: str
    programme: str | None
    location: str | None
    moderator: str | None
    canvas_name: str
    participants: int
    sectors: tuple[SectorCount, ...]
    parts: tuple[Part, ...]
    timing: tuple[RoundTime, ...] = ()  # empty when no round was timed

    def kind_parts(self, kind: str) -> list[Part]:
        return [p for p in self.parts if p.kind == kind]

    def round_time(self, round_id: str) -> RoundTime | None:
        return next((r for r in self.timing if r.round == round_id), None)


def _entry(table: Table, item: Item, names: bool) -> Entry:
    if item.kind == "value":
        person = table.participant(item.participant)
        name = (person.name if names else person.shared_name) if person else None
        return Entry("value", item.text, value=item.value or None, name=name or None,
                     sector=tidy_sector(person.sector) if person else None,
                     refs=tuple(item.refs), tags=tuple(item.tags))
    if item.kind == "tension":
        return Entry("tension", item.text, poles=tuple(item.between[:2]), tags=tuple(item.tags))
    return Entry(item.kind, item.text, rank=item.rank, tags=tuple(item.tags))


def _advice_entries(items: list[Item]) -> tuple[Entry, ...]:
    # The place shown is the place in this list: ranks may have gaps after a deletion.
    ranked = sorted(items, key=lambda i: (i.rank is None, i.rank or 0))
    return tuple(Entry("advice", i.text, rank=n, tags=tuple(i.tags)) for n, i in enumerate(ranked, start=1))


def _by_kind(table: Table, items: list[Item], words: Words, names: bool, placed: bool) -> list[Group]:
    kinds = sorted({i.kind for i in items}, key=lambda k: ITEM_KINDS.index(k) if k in ITEM_KINDS else 99)
    groups = []
    for kind in kinds:
        of_kind = [i for i in items if i.kind == kind]
        if kind == "advice":
            entries = _advice_entries(of_kind)
        elif kind == "direction":
            entries = (_entry(table, of_kind[-1], names),)
        else:
            entries = tuple(_entry(table, i, names) for i in of_kind)
        groups.append(Group(words.kind(kind), kind, entries, placed=placed))
    return groups


_ROUND_KIND = {"values": "value", "direction": "direction", "advice": "advice"}


def _known_round(table: Table, rnd: Round, items: list[Item], words: Words, names: bool) -> Part:
    if rnd.kind in _ROUND_KIND:
        kind = _ROUND_KIND[rnd.kind]
        own = [i for i in items if i.kind == kind]
        if kind == "advice":
            entries = _advice_entries(own)
        elif kind == "direction":
            entries = (_entry(table, own[-1], names),) if own else ()
        else:
            entries = tuple(_entry(table, i, names) for i in own)
        groups = [Group(None, kind, entries)]
        rest = [i for i in items if i.kind != kind]
    else:
        groups = [
            Group(z.title, z.kind, tuple(_entry(table, i, names) for i in items if i.zone == z.id), z.hint, z.id)
            for z in rnd.zones
        ]
        zone_ids = {z.id for z in rnd.zones}
        rest = [i for i in items if i.zone not in zone_ids]
    groups += _by_kind(table, rest, words, names, placed=False)  # shown, never lost
    return Part(rnd.id, rnd.title, rnd.kind, tuple(groups), minutes=rnd.minutes)


_KIND_OF_ROUND = {"value": "values", "direction": "direction", "advice": "advice"}


def _unknown_round(table: Table, round_id: str, items: list[Item], words: Words, names: bool) -> Part:
    kinds = {i.kind for i in items}
    kind = _KIND_OF_ROUND.get(next(iter(kinds)), "notes") if len(kinds) == 1 else "notes"
    groups = _by_kind(table, items, words, names, placed=False)
    return Part(round_id, words.round(round_id), kind, tuple(groups), known=False)


def _timing(table: Table, canvas: Canvas | None, seconds: Mapping[str, float] | None) -> tuple[RoundTime, ...]:
    """From the timers' ``seconds`` per round when given, else from the export's ``timing``."""
    found = round_timing(canvas, seconds) if canvas is not None and seconds else table.doc_extra.get(TIMING_KEY)
    if not isinstance(found, list):
        return ()
    out = []
    for entry in found:
        if not isinstance(entry, dict) or not isinstance(entry.get("planned_minutes"), int):
            continue
        actual = entry.get("actual_minutes")
        out.append(RoundTime(str(entry.get("round") or ""), str(entry.get("title") or entry.get("round") or ""),
                             entry["planned_minutes"], float(actual) if isinstance(actual, int | float) else None))
    return tuple(out) if any(r.actual is not None for r in out) else ()


def summarise(
    table: Table, canvas: Canvas | None, words: Words, *, names: bool = False,
    seconds: Mapping[str, float] | None = None,
) -> Summary:
    """The table's summary. ``names``: every participant's name (the moderator's own screens);
    without it only names given with consent. ``seconds``: how long each round's timer ran, for a
    table whose timing is not in it yet (the closing screen)."""
    by_round: dict[str, list[Item]] = {}
    for item in table.items:
        by_round.setdefault(item.round, []).append(item)
    parts: list[Part] = []
    if canvas is not None:
        for rnd in canvas.rounds:
            parts.append(_known_round(table, rnd, by_round.pop(rnd.id, []), words, names))
    for round_id, items in by_round.items():
        parts.append(_unknown_round(table, round_id, items, words, names))
    sectors = tuple(
        s if s.sector else SectorCount(words.no_sector, s.count, s.names) for s in count_sectors(table.participants)
    )
    return Summary(
        lang=words.lang,
        title=table.title,
        date=table.date,
        date_text=words.date(table.date),
        programme=table.programme or None,
        location=table.location or None,
        moderator=table.moderator or None,
        canvas_name=canvas.name if canvas else table.canvas,
        participants=len(table.participants),
        sectors=sectors,
        parts=tuple(parts),
        timing=_timing(table, canvas, seconds),
    )


def directions(summary: Summary) -> list[str]:
    return [e.text for p in summary.parts for e in p.entries if e.kind == "direction"]


def advice(summary: Summary) -> list[Entry]:
    return [e for p in summary.parts for e in p.entries if e.kind == "advice"]
