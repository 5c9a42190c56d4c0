"""Merging table exports into the programme's report: deduplication and the counting rules.

The counting follows the format README to the letter: ``picked`` (value items whose card is the
value), ``referenced`` (value items whose refs name it while their card is another one),
``mentions`` = picked + referenced (an item counts a value once), ``tables`` (distinct tables
where it was picked or referenced); a group's mentions is the sum over its values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tafel.domain.canvas import Canvas
from tafel.domain.exchange import parse_instant
from tafel.domain.report import (
    STATUS_DUPLICATE,
    STATUS_OK,
    Entry,
    GroupCount,
    Report,
    Source,
    TableInfo,
    Tension,
    Theme,
    ValueCount,
)
from tafel.domain.table import Table
from tafel.domain.themes import Key, Lemmatize, Themes
from tafel.domain.values import Deck, normalise


@dataclass(frozen=True)
class Loaded:
    """A valid export read from ``file``."""

    file: str
    table: Table
    exported_at: str | None


_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def _instant(value: str | None) -> dt.datetime:
    return parse_instant(value) or _EARLIEST  # a file without a readable time loses a tie


def dedupe(loaded: Sequence[Loaded]) -> tuple[list[Loaded], list[Source]]:
    """One file per table id: the newest ``exported_at`` wins (the first given on a tie)."""
    best: dict[str, int] = {}
    for index, entry in enumerate(loaded):
        current = best.get(entry.table.id)
        if current is None or _instant(entry.exported_at) > _instant(loaded[current].exported_at):
            best[entry.table.id] = index
    winners = set(best.values())
    sources = [
        Source(e.file, e.table.id, STATUS_OK if i in winners else STATUS_DUPLICATE, e.exported_at)
        for i, e in enumerate(loaded)
    ]
    return [loaded[i] for i in sorted(winners)], sources


class ValueNames:
    """Canonical value names: the table's own deck first, then any deck of the merge, else normalised."""

    def __init__(self, canvases: Mapping[str, Canvas]) -> None:
        self.decks = {cid: Deck(c.deck) for cid, c in canvases.items()}
        self.any = Deck(card for c in canvases.values() for card in c.deck)
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, canvas: str, name: str) -> str:
        key = (canvas, name)
        found = self._cache.get(key)
        if found is None:
            deck = self.decks.get(canvas)
            card = (deck.card(name) if deck else None) or self.any.card(name)
            found = card.value if card else normalise(name)
            self._cache[key] = found
        return found


def count_values(tables: Sequence[Table], names: ValueNames) -> dict[str, ValueCount]:
    counts: dict[str, ValueCount] = {}
    where: dict[str, set[str]] = {}
    for table in tables:
        for item in table.items:
            if item.kind != "value" or not item.value:
                continue
            picked = names(table.canvas, item.value)
            refs = {names(table.canvas, r) for r in item.refs if r.strip()} - {picked}
            counts.setdefault(picked, ValueCount(picked)).picked += 1
            where.setdefault(picked, set()).add(table.id)
            for ref in refs:
                counts.setdefault(ref, ValueCount(ref)).referenced += 1
                where.setdefault(ref, set()).add(table.id)
    for value, count in counts.items():
        count.tables = len(where[value])
    return counts


def deck_groups(canvases: Sequence[Canvas]) -> dict[str, list[str]]:
    """The groups of the decks used, in deck order; a group named in two decks is one group."""
    out: dict[str, list[str]] = {}
    for canvas in canvases:
        for group, values in canvas.groups().items():
            merged = out.setdefault(group, [])
            merged += [v for v in values if v not in merged]
    return out


def count_groups(
    groups: Mapping[str, Sequence[str]], counts: dict[str, ValueCount], names: ValueNames
) -> list[GroupCount]:
    out: list[GroupCount] = []
    for group, values in groups.items():
        canonical = tuple(dict.fromkeys(names("", v) for v in values))
        mentions = sum(counts[v].mentions for v in canonical if v in counts)
        out.append(GroupCount(group, canonical, mentions))
        for v in canonical:
            if v in counts and counts[v].group is None:
                counts[v].group = group
    out.sort(key=lambda g: -g.mentions)  # stable: equal counts keep the deck's order
    return out


def _tensions(entries: Sequence[Entry]) -> list[Tension]:
    found: dict[tuple[str, ...], list[Entry]] = {}
    labels: dict[tuple[str, ...], str] = {}
    for entry in entries:
        item = entry.item
        if item.kind != "tension":
            continue
        poles = [p.strip() for p in item.between if p.strip()]
        if len(poles) == 2:
            key = tuple(sorted(normalise(p) for p in poles))
            labels.setdefault(key, f"{poles[0]} ↔ {poles[1]}")
        else:
            key = ("", normalise(item.text))
            labels.setdefault(key, item.text.strip())
        found.setdefault(key, []).append(entry)
    out = [Tension(labels[k], len({e.table.id for e in v}), tuple(v)) for k, v in found.items()]
    out.sort(key=lambda te: (-te.tables, -len(te.entries), te.label))
    return out


def _finder(themes: Themes, key: Key, entries: Sequence[Entry]) -> Callable[[], list[Entry]]:
    def find() -> list[Entry]:
        return [entries[i] for i in themes.items_of(key)]

    return find


def _most_common(values: Sequence[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def build_report(
    loaded: Sequence[Loaded], *, canvases: Mapping[str, Canvas], skipped: Sequence[Source] = (),
    groups: Mapping[str, Sequence[str]] | None = None, programme: str | None = None,
    default_programme: str = "", language: str | None = None, lemmatize: Lemmatize | None = None,
) -> Report:
    """The report of the valid exports in ``loaded``; ``skipped`` lists the files left out."""
    kept, sources = dedupe(loaded)
    kept.sort(key=lambda e: (e.table.date, e.table.title.casefold(), e.table.id))
    tables = [e.table for e in kept]
    infos = [
        TableInfo(t.id, n, t.title, t.date, t.canvas, t.location, len(t.participants), e.file)
        for n, (e, t) in enumerate(zip(kept, tables, strict=True), start=1)
    ]
    used = [canvases[c] for c, _ in Counter(t.canvas for t in tables).most_common() if c in canvases]
    names = ValueNames({c.id: c for c in used} | dict(canvases))
    counts = count_values(tables, names)
    group_map = groups if groups is not None else deck_groups(used)
    value_groups = count_groups(group_map, counts, names)

    sectors: Counter[str] = Counter()
    seen: set[str] = set()
    without_sector = 0
    for table in tables:
        for p in table.participants:
            if p.id in seen:
                continue
            seen.add(p.id)
            if p.sector and p.sector.strip():
                sectors[" ".join(p.sector.split())] += 1
            else:
                without_sector += 1

    entries = [Entry(info, item) for info, table in zip(infos, tables, strict=True) for item in table.items]
    lang = language or _most_common([t.language for t in tables]) or "nl"
    found = Themes([(e.table.id, e.item.text, e.item.tags) for e in entries], language=lang, lemmatize=lemmatize)
    themes = [Theme(h.label, h.tables, h.items, _finder(found, h.key, entries), h.tagged) for h in found.hits]
    dates = sorted({t.date for t in tables})
    return Report(
        programme=programme or _most_common([t.programme for t in tables]) or default_programme,
        language=lang,
        tables=infos,
        participants=len(seen),
        days=len(dates),
        first_date=dates[0] if dates else "",
        last_date=dates[-1] if dates else "",
        sectors=dict(sectors.most_common()),
        values=sorted(counts.values(), key=lambda v: (-v.mentions, -v.tables, v.value)),
        value_groups=value_groups,
        themes=themes,
        tensions=_tensions(entries),
        directions=[e for e in entries if e.item.kind == "direction"],
        advice=[e for e in entries if e.item.kind == "advice"],
        sources=sorted([*sources, *skipped], key=lambda s: s.file),
        entries=entries,
        canvases=[c.id for c in used] + sorted({t.canvas for t in tables} - {c.id for c in used}),
        groups_from="canvas" if groups is None else "file",
        participants_without_sector=without_sector,
        round_titles={c.id: {r.id: r.title for r in c.rounds} for c in used},
    )
