"""The programme's report (verslag) as plain data, and its JSON form (format ``tafel/report`` v1).

The PDF, Markdown and CSV renderings read this model; ``to_json`` gives exactly the keys of the
format README plus extras that make every figure traceable (table numbers, item ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tafel.domain.table import Item

FORMAT = "tafel/report"
VERSION = 1
STATUS_OK = "ok"
STATUS_DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Source:
    """One file given to the merge and what became of it."""

    file: str
    table: str | None
    status: str  # ok, duplicate, or "skipped: <reason>"
    exported_at: str | None = None


@dataclass(frozen=True)
class TableInfo:
    """A merged table as the report names it: ``number`` is its place in date order (tafel 3)."""

    id: str
    number: int
    title: str
    date: str
    canvas: str
    location: str | None
    participants: int
    file: str


@dataclass(frozen=True)
class Entry:
    """An item with the table it was written at: the unit every quote and count points back to."""

    table: TableInfo
    item: Item


@dataclass
class ValueCount:
    value: str
    picked: int = 0
    referenced: int = 0
    tables: int = 0
    group: str | None = None

    @property
    def mentions(self) -> int:
        return self.picked + self.referenced


@dataclass(frozen=True)
class GroupCount:
    group: str
    values: tuple[str, ...]
    mentions: int


@dataclass(frozen=True)
class Theme:
    """A recurring topic and the items it rests on (every count is recomputable from them)."""

    theme: str
    words: tuple[str, ...]
    tables: int
    entries: tuple[Entry, ...] = field(repr=False)
    tagged: bool = False
    curated: bool = False
    quotes: tuple[Entry, ...] = field(default=(), repr=False)  # chosen by the organiser, in order
    # Its entries' item ids, when the merge has them at hand (a large programme's topics list
    # hundreds of thousands: reading each back from its entry is most of writing report.json).
    item_ids: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.item_ids) != len(self.entries):
            object.__setattr__(self, "item_ids", tuple(e.item.id for e in self.entries))

    @property
    def items(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class DevelopmentDirection:
    """A development direction of section 3 in the organiser's words, with the advice it gathers."""

    title: str
    text: str
    entries: tuple[Entry, ...] = field(repr=False)


@dataclass(frozen=True)
class Spelling:
    """A rare word one typo away from a topic's word: a suggestion for the organiser, never merged."""

    word: str
    like: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Tension:
    """Two poles (or, without poles, the words of the note) and where they were named."""

    label: str
    tables: int
    entries: tuple[Entry, ...]
    poles: tuple[str, ...] = ()  # the poles' keys (lemmas), as counted


@dataclass
class Report:
    programme: str
    language: str
    tables: list[TableInfo]
    participants: int
    days: int
    first_date: str
    last_date: str
    sectors: dict[str, int]
    values: list[ValueCount]
    value_groups: list[GroupCount]
    themes: list[Theme]
    tensions: list[Tension]
    directions: list[Entry]
    advice: list[Entry]
    sources: list[Source]
    entries: list[Entry] = field(default_factory=list)
    canvases: list[str] = field(default_factory=list)
    groups_from: str = "canvas"  # canvas (the decks' groups) or file (--groups)
    participants_without_sector: int = 0
    round_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # canvas → round id → title
    spelling: list[Spelling] = field(default_factory=list)
    canvas_tables: dict[str, int] = field(default_factory=dict)  # canvas id → tables that used it
    curated_missing: list[tuple[str, int]] = field(default_factory=list)  # curated topics at too few tables
    # Direction or advice item id → the theme (its place in ``themes``) whose rarest word it carries.
    homes: dict[str, int] = field(default_factory=dict)
    # The organiser's own words (curation file): title, subtitle, introduction, summary (Markdown).
    title: str = ""
    subtitle: str = ""
    introduction: str = ""
    summary: str = ""
    development_directions: list[DevelopmentDirection] = field(default_factory=list)
    # (kind, word or id) of the curation file that matches nothing: one warning line each.
    curation_warnings: list[tuple[str, str]] = field(default_factory=list)
    # Planned against actual minutes per round across the tables that timed it (domain/timing.py).
    timing: list[dict[str, Any]] = field(default_factory=list)

    def round_title(self, entry: Entry) -> str:
        return self.round_titles.get(entry.table.canvas, {}).get(entry.item.round, entry.item.round)

    def _home(self, entry: Entry) -> str | None:
        """The theme section 3 puts a direction or advice under (None: "Overige")."""
        number = self.homes.get(entry.item.id)
        return None if number is None else self.themes[number].theme

    def direction_of(self) -> dict[str, str]:
        """Advice or direction item id → the development direction (title) that gathered it."""
        return {e.item.id: d.title for d in self.development_directions for e in d.entries}

    def to_json(self) -> dict[str, Any]:
        gathered = self.direction_of()
        home = {item: self.themes[number].theme for item, number in self.homes.items()}  # as ``_home`` says
        out = {
            "format": FORMAT,
            "version": VERSION,
            "programme": self.programme,
            "tables": len(self.tables),
            "participants": self.participants,
            "days": self.days,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "sectors": dict(self.sectors),
            "values": [
                {"value": v.value, "picked": v.picked, "referenced": v.referenced, "mentions": v.mentions,
                 "tables": v.tables, "group": v.group}
                for v in self.values
            ],
            "value_groups": [
                {"group": g.group, "values": list(g.values), "mentions": g.mentions} for g in self.value_groups
            ],
            "themes": [
                {"theme": th.theme, "words": list(th.words), "tables": th.tables, "items": th.items,
                 "item_ids": list(th.item_ids), "curated": th.curated, "tagged": th.tagged,
                 **({"quote_ids": [e.item.id for e in th.quotes]} if th.quotes else {})}
                for th in self.themes
            ],
            "tensions": [
                {"tension": te.label, "poles": list(te.poles), "tables": te.tables, "items": len(te.entries),
                 "item_ids": [e.item.id for e in te.entries]}
                for te in self.tensions
            ],
            "directions": [{"table": e.table.id, "text": e.item.text, "item": e.item.id, "theme": home.get(e.item.id),
                            **({"direction": gathered[e.item.id]} if e.item.id in gathered else {})}
                           for e in self.directions],
            "advice": [
                {"table": e.table.id, "rank": e.item.rank, "text": e.item.text, "item": e.item.id,
                 "theme": home.get(e.item.id), **({"direction": gathered[e.item.id]} if e.item.id in gathered else {})}
                for e in self.advice
            ],
            "sources": [
                {"file": s.file, "table": s.table, "status": s.status, "exported_at": s.exported_at}
                for s in self.sources
            ],
            "table_list": [
                {"number": ti.number, "table": ti.id, "title": ti.title, "date": ti.date, "canvas": ti.canvas,
                 "location": ti.location, "participants": ti.participants, "file": ti.file}
                for ti in self.tables
            ],
            "canvases": list(self.canvases),
            "groups_from": self.groups_from,
            "participants_without_sector": self.participants_without_sector,
            "language": self.language,
            # Near-spellings of a topic's words (likely typos): offered, never merged silently.
            "spelling_suggestions": [
                {"word": sp.word, "like": sp.like, "item_ids": [e.item.id for e in sp.entries]}
                for sp in self.spelling
            ],
            "timing": [dict(r) for r in self.timing],
        }
        if self.title or self.subtitle or self.introduction or self.summary:
            out["curated_text"] = {"title": self.title, "subtitle": self.subtitle,
                                   "introduction": self.introduction, "summary": self.summary}
        if self.development_directions:
            out["development_directions"] = [
                {"title": d.title, "text": d.text, "items": len(d.entries), "item_ids": [e.item.id for e in d.entries]}
                for d in self.development_directions
            ]
        return out
