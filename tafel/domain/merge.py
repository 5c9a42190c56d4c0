"""Merging table exports into the programme's report: deduplication and the counting rules.

The counting follows the format README to the letter: ``picked`` (value items whose card is the
value), ``referenced`` (value items whose refs name it while their card is another one),
``mentions`` = picked + referenced (an item counts a value once), ``tables`` (distinct tables
where it was picked or referenced); a group's mentions is the sum over its values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

from tafel.domain.canvas import Canvas
from tafel.domain.exchange import parse_instant
from tafel.domain.language import most_common, programme_language
from tafel.domain.report import (
    STATUS_DUPLICATE,
    STATUS_OK,
    DevelopmentDirection,
    Entry,
    GroupCount,
    Report,
    Source,
    Spelling,
    TableInfo,
    Theme,
    ValueCount,
)
from tafel.domain.sectors import count_sectors
from tafel.domain.table import Participant, Table
from tafel.domain.tensions import conversation_text, count_tensions, poles_of
from tafel.domain.themes import Curation, Topics
from tafel.domain.timing import KEY as TIMING_KEY
from tafel.domain.timing import merged_timing
from tafel.domain.values import ValueNames
from tafel.domain.vocabulary import ABBREVIATIONS, WORD, Lemmatize, Words, expander, fold

_T = TypeVar("_T")
Frequencies = Callable[[str], Mapping[str, float]]  # language → word → Zipf frequency


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


def count_values(tables: Sequence[Table], names: ValueNames) -> dict[str, ValueCount]:
    counts: dict[str, ValueCount] = {}
    where: dict[str, set[str]] = {}

    def count(value: str) -> ValueCount:  # (made once per value: a programme has thousands of cards)
        found = counts[value] = ValueCount(value)
        where[value] = set()
        return found

    for table in tables:
        canvas, table_id = table.canvas, table.id
        for item in table.items:
            if item.kind != "value" or not item.value:
                continue
            picked = names(canvas, item.value)
            (counts.get(picked) or count(picked)).picked += 1
            where[picked].add(table_id)
            if item.refs:
                for ref in {names(canvas, r) for r in item.refs if r.strip()} - {picked}:
                    (counts.get(ref) or count(ref)).referenced += 1
                    where[ref].add(table_id)
    for value, found in counts.items():
        found.tables = len(where[value])
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


def everyday_words(canvases: Sequence[Canvas]) -> list[str]:
    """The words of the canvases' own texts (name, description, prompts, titles, sectors): every
    table hears them, so they say little about what a table talked about. Zone hints are left
    out: they give examples ("rechtmatigheid <> maatwerk") that are real subjects."""
    texts: list[str] = []
    for c in canvases:
        texts += [c.name, c.description, *c.sectors]
        for r in c.rounds:
            texts += [r.title, r.prompt, *(z.title for z in r.zones)]
    return sorted({w for text in texts for w in WORD.findall(text.casefold())})


def build_report(
    loaded: Sequence[Loaded], *, canvases: Mapping[str, Canvas], skipped: Sequence[Source] = (),
    groups: Mapping[str, Sequence[str]] | None = None, programme: str | None = None,
    default_programme: str = "", language: str | None = None, lemmatize: Lemmatize | None = None,
    frequencies: Frequencies | None = None, curation: Curation | None = None,
    translations: Mapping[tuple[str, str], Canvas] | None = None,
) -> Report:
    """The report of the valid exports in ``loaded``; ``skipped`` lists the files left out.
    ``translations``: (canvas id, language) → that canvas in another language (``ID.LL.toml``)."""
    kept, sources = dedupe(loaded)
    kept.sort(key=lambda e: (e.table.date, e.table.title.casefold(), e.table.id))
    tables = [e.table for e in kept]
    infos = [
        TableInfo(t.id, n, t.title, t.date, t.canvas, t.location, len(t.participants), e.file)
        for n, (e, t) in enumerate(zip(kept, tables, strict=True), start=1)
    ]
    used = [canvases[c] for c, _ in Counter(t.canvas for t in tables).most_common() if c in canvases]
    # The notes are read in the language they were written in; ``language`` (--lang) only sets the
    # language the report speaks, and the one its value cards are named in.
    read = _Read(infos, tables)
    spoken = programme_language(tables, used, read.texts)
    lang = language or spoken
    names = ValueNames({c.id: c for c in used} | dict(canvases), translations, lang)
    counts = count_values(tables, names)
    if groups is None and curation and curation.groups:
        groups = dict(curation.groups)
    group_map = groups if groups is not None else deck_groups([names.shown[c.id] for c in used])
    value_groups = count_groups(group_map, counts, names)
    if groups is not None:  # the organiser's groups: one nobody mentioned is left out
        value_groups = [g for g in value_groups if g.mentions]

    people: dict[str, Participant] = {}
    for table in tables:
        for p in table.participants:
            people.setdefault(p.id, p)  # one count per person, however many tables list them
    by_sector = count_sectors(people.values())
    sectors = {s.sector: s.count for s in sorted(by_sector, key=lambda s: -s.count) if s.sector}
    without_sector = sum(s.count for s in by_sector if not s.sector)

    entries, talk, tension_poles = read.entries, read.talk, read.poles
    words = Words(spoken, lemmatize, frequencies(spoken) if frequencies else None, everyday_words(used))
    abbreviations = dict(ABBREVIATIONS.get(spoken, {}))
    for c in used:
        abbreviations.update({k.casefold(): v for k, v in c.abbreviations})
    if curation:
        abbreviations.update({k.casefold(): v for k, v in curation.same})
    found = Topics(read.topic_items, words, expand=expander(abbreviations), weigh=read.weigh,
                   poles=tension_poles, examples=read.examples, curation=curation)
    warnings = found.unmatched  # (kind, word): the curation file's words and ids that match nothing
    themes = [Theme(tp.name, tp.words, tp.tables, _pick(talk, tp.items), tp.tagged, tp.curated,
                    _chosen(talk, tp.items, tp.quotes, warnings), _pick(read.talk_ids, tp.items))
              for tp in found.topics]
    directions = _directions(curation, talk, found, warnings) if curation and curation.directions else []
    if curation and curation.same:
        warnings += [("same", k) for k in _unwritten([k for k, _ in curation.same], talk)]
    spelling = [Spelling(sp.word, sp.like, tuple(talk[i] for i in sp.items)) for sp in found.suggestions]
    dates = sorted({t.date for t in tables})
    return Report(
        programme=programme or most_common([t.programme for t in tables]) or default_programme,
        language=lang,
        tables=infos,
        participants=len(people),
        days=len(dates),
        first_date=dates[0] if dates else "",
        last_date=dates[-1] if dates else "",
        sectors=sectors,
        values=sorted(counts.values(), key=lambda v: (-v.mentions, -v.tables, v.value)),
        value_groups=value_groups,
        themes=themes,
        tensions=count_tensions(talk, words, tension_poles),
        directions=read.directions,
        advice=read.advice,
        sources=sorted([*sources, *skipped], key=lambda s: s.file),
        entries=entries,
        canvases=[c.id for c in used] + sorted({t.canvas for t in tables} - {c.id for c in used}),
        groups_from="canvas" if groups is None else "file",
        participants_without_sector=without_sector,
        round_titles={c.id: {r.id: r.title for r in c.rounds} for c in used},
        spelling=spelling,
        curated_missing=list(found.curated_missing),
        homes=dict(zip(map(read.talk_ids.__getitem__, found.home), found.home.values(), strict=True)),
        canvas_tables=dict(Counter(t.canvas for t in tables).most_common()),
        title=curation.title if curation else "",
        subtitle=curation.subtitle if curation else "",
        introduction=curation.introduction if curation else "",
        summary=curation.summary if curation else "",
        development_directions=directions,
        curation_warnings=warnings,
        timing=merged_timing([t.doc_extra.get(TIMING_KEY) for t in tables]),
    )


class _Read:
    """Every table's items as entries, in one pass (a large programme has tens of thousands), and
    what the report and the topic finder read of them: section 2 reads the conversation, not the
    value cards of round 1."""

    def __init__(self, infos: Sequence[TableInfo], tables: Sequence[Table]) -> None:
        self.entries: list[Entry] = []
        self.talk: list[Entry] = []
        self.talk_ids: list[str] = []
        self.topic_items: list[tuple[str, str, Sequence[str]]] = []  # (table id, text, tags)
        self.poles: list[list[str] | None] = []  # a tension's poles (its text is then not read)
        self.weigh: list[bool] = []  # directions and advice: section 3 sorts these
        self.examples: list[bool] = []
        self.directions: list[Entry] = []
        self.advice: list[Entry] = []
        add, talk, talk_ids, topic_items = self.entries.append, self.talk.append, self.talk_ids.append, \
            self.topic_items.append
        poles, weigh, examples = self.poles.append, self.weigh.append, self.examples.append
        self.texts: list[list[str]] = []  # each table's conversation, for the language it is in
        for info, table in zip(infos, tables, strict=True):
            texts: list[str] = []
            self.texts.append(texts)
            table_texts = texts.append
            for item in table.items:
                entry = Entry(info, item)
                add(entry)
                kind = item.kind
                if kind == "value":
                    continue
                talk(entry)
                talk_ids(item.id)
                two = poles_of(item) if kind == "tension" else None
                poles(two)
                text = item.text
                table_texts(text)
                topic_items((info.id, "" if two else conversation_text(item) if two is not None else text, item.tags))
                weigh(kind == "direction" or kind == "advice")
                examples(kind == "example")
                if kind == "direction":
                    self.directions.append(entry)
                elif kind == "advice":
                    self.advice.append(entry)


def _unwritten(spellings: Sequence[str], talk: Sequence[Entry]) -> list[str]:
    """The spellings of ``[same]`` that no conversation text writes (as a whole word, any case)."""
    left = {fold(w): w for w in spellings}
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(left, key=len, reverse=True)))
    for entry in talk:
        for hit in pattern.findall(fold(conversation_text(entry.item))):
            left.pop(hit, None)
        if not left:
            break
    return [w for w in spellings if fold(w) in left]


def _chosen(talk: Sequence[Entry], items: Sequence[int], ids: Sequence[str],
            warnings: list[tuple[str, str]]) -> tuple[Entry, ...]:
    """The quotes the organiser chose for a topic, in their order; an id not among its items is a warning."""
    if not ids:
        return ()
    mine = {talk[i].item.id: talk[i] for i in items}
    for item_id in ids:
        if item_id not in mine:
            warnings.append(("quote", item_id))
    return tuple(mine[i] for i in dict.fromkeys(ids) if i in mine)


def _directions(curation: Curation, talk: Sequence[Entry], found: Topics,
                warnings: list[tuple[str, str]]) -> list[DevelopmentDirection]:
    """Section 3's development directions: each advice or direction line of the tables goes to the
    direction that names its id, else to the one whose words it carries most (the first on a tie)."""
    sorted_kinds = ("direction", "advice")
    index = {e.item.id: n for n, e in enumerate(talk) if e.item.kind in sorted_kinds}
    home: dict[int, tuple[int, int]] = {}  # item → (strength, -direction): ids first, then most words
    for number, direction in enumerate(curation.directions):
        for item_id in direction.advice:
            n = index.get(item_id)
            if n is None:
                warnings.append(("advice", item_id))
            elif (1_000_000, -number) > home.get(n, (0, 0)):
                home[n] = (1_000_000, -number)
        if direction.words:
            for n, hits in sorted(found.carried(direction.words).items()):
                if talk[n].item.kind in sorted_kinds and (hits, -number) > home.get(n, (0, 0)):
                    home[n] = (hits, -number)
    gathered: list[list[Entry]] = [[] for _ in curation.directions]
    for n in sorted(home):
        gathered[-home[n][1]].append(talk[n])
    return [DevelopmentDirection(d.title, d.text, tuple(g)) for d, g in zip(curation.directions, gathered, strict=True)]


def _pick(entries: Sequence[_T], indexes: Sequence[int]) -> tuple[_T, ...]:
    if len(indexes) == 1:
        return (entries[indexes[0]],)
    return itemgetter(*indexes)(entries) if indexes else ()
