"""What a table's summary says, once: the PDF, the participant page and the QR text all read this.

Built from the table and its canvas. The canvas gives the order of the rounds and the zones of
the notes rounds; items in rounds the canvas does not know (or every item, when the canvas
itself is unknown) are grouped by round id and kind, so no table fails to render. Names appear
only for participants who consented (``Participant.shared_name``). Labels are in the table's
language, not the moderator's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from tafel.domain.canvas import Canvas, Round
from tafel.domain.redact import redact_names
from tafel.domain.table import ITEM_KINDS, Item, Table
from tafel.i18n import t


@dataclass(frozen=True)
class Entry:
    """One item as participants read it."""

    kind: str
    text: str
    label: str | None = None  # a value card's value
    who: str | None = None  # "chosen by …": sector, and the name only with consent
    refs: tuple[str, ...] = ()
    poles: tuple[str, ...] = ()  # a tension's two poles
    rank: int | None = None  # advice: its place in the ranking, 1 first


@dataclass(frozen=True)
class Group:
    """The entries of one zone (or of one kind, for a round the canvas does not describe)."""

    title: str | None
    kind: str
    entries: tuple[Entry, ...]
    hint: str = ""


@dataclass(frozen=True)
class Part:
    """One round of the canvas."""

    id: str
    title: str
    kind: str  # values, direction, notes, advice (rounds of unknown canvases: the kind found)
    groups: tuple[Group, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for g in self.groups for e in g.entries)


@dataclass(frozen=True)
class SectorLine:
    sector: str
    count: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    lang: str
    title: str
    date: str
    date_text: str
    programme: str | None
    location: str | None
    canvas_name: str
    participants: int
    sectors: tuple[SectorLine, ...]
    parts: tuple[Part, ...]
    # Per round: its title, planned minutes and the minutes its timer ran (None: not timed).
    timing: tuple[tuple[str, int, float | None], ...] = ()

    def label(self, key: str, **params: object) -> str:
        return t(f"summary.{key}", lang=self.lang, **params)

    def kind_parts(self, kind: str) -> list[Part]:
        return [p for p in self.parts if p.kind == kind]


_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def tidy(text: str) -> str:
    """User text as shown: line breaks kept, runs of blank lines folded to one, ends trimmed."""
    return _BLANK_LINES.sub("\n\n", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def summary_language(table: Table) -> str:
    """The table's language as the summary speaks it: ``en``, ``EN`` and ``en-GB`` are English."""
    lang = (table.language or "").strip().lower().replace("_", "-").split("-")[0]
    return lang if lang in ("nl", "en") else "nl"


def date_text(iso: str, lang: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    month = t(f"summary.month.{day.month}", lang=lang)
    return f"{day.day} {month} {day.year}"


def _who(table: Table, item: Item, lang: str) -> str | None:
    person = table.participant(item.participant)
    if person is None:
        return None
    parts = [p for p in (person.shared_name, person.sector) if p]
    if not parts:
        return None
    return t("summary.value.by", lang=lang, who=", ".join(parts))


def entry(table: Table, item: Item, lang: str) -> Entry:
    if item.kind == "value":
        return Entry("value", item.text, label=item.value or None, who=_who(table, item, lang), refs=tuple(item.refs))
    if item.kind == "tension":
        return Entry("tension", item.text, poles=tuple(item.between[:2]))
    return Entry(item.kind, item.text, rank=item.rank)


def _ranked(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.rank is None, i.rank or 0))


def _advice_entries(items: list[Item]) -> tuple[Entry, ...]:
    # The place shown is the place in this list: ranks may have gaps after a deletion.
    return tuple(
        Entry("advice", i.text, rank=n) for n, i in enumerate(_ranked(items), start=1)
    )


def _by_kind(table: Table, items: list[Item], lang: str) -> tuple[Group, ...]:
    kinds = sorted({i.kind for i in items}, key=lambda k: ITEM_KINDS.index(k) if k in ITEM_KINDS else 99)
    groups = []
    for kind in kinds:
        of_kind = [i for i in items if i.kind == kind]
        if kind == "advice":
            entries = _advice_entries(of_kind)
        elif kind == "direction":
            entries = (entry(table, of_kind[-1], lang),)
        else:
            entries = tuple(entry(table, i, lang) for i in of_kind)
        groups.append(Group(t(f"summary.kind.{kind}", lang=lang), kind, entries))
    return tuple(groups)


def _known_round(table: Table, rnd: Round, items: list[Item], lang: str) -> Part:
    if rnd.kind == "values":
        values = [i for i in items if i.kind == "value"]
        groups = [Group(None, "value", tuple(entry(table, i, lang) for i in values))]
        rest = [i for i in items if i.kind != "value"]
    elif rnd.kind == "direction":
        found = [i for i in items if i.kind == "direction"]
        groups = [Group(None, "direction", (entry(table, found[-1], lang),) if found else ())]
        rest = [i for i in items if i.kind != "direction"]
    elif rnd.kind == "advice":
        advice = [i for i in items if i.kind == "advice"]
        groups = [Group(None, "advice", _advice_entries(advice))]
        rest = [i for i in items if i.kind != "advice"]
    else:
        groups = [
            Group(z.title, z.kind, tuple(entry(table, i, lang) for i in items if i.zone == z.id), z.hint)
            for z in rnd.zones
        ]
        zone_ids = {z.id for z in rnd.zones}
        rest = [i for i in items if i.zone not in zone_ids]
    if rest:  # items the canvas has no place for (an older canvas version): shown, never lost
        other = t("summary.other", lang=lang)
        groups += [Group(g.title or other, g.kind, g.entries) for g in _by_kind(table, rest, lang)]
    return Part(rnd.id, rnd.title, rnd.kind, tuple(groups))


_KIND_OF_ROUND = {"value": "values", "direction": "direction", "advice": "advice"}


def _unknown_round(table: Table, round_id: str, items: list[Item], lang: str) -> Part:
    kinds = {i.kind for i in items}
    kind = _KIND_OF_ROUND.get(next(iter(kinds)), "notes") if len(kinds) == 1 else "notes"
    return Part(round_id, t("summary.round", lang=lang, round=round_id), kind, _by_kind(table, items, lang))


def _sectors(table: Table, lang: str) -> tuple[SectorLine, ...]:
    order: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    for p in table.participants:
        sector = (p.sector or "").strip() or t("summary.people.no_sector", lang=lang)
        counts[sector] += 1
        names = order.setdefault(sector, [])
        if p.shared_name:
            names.append(p.shared_name)
    return tuple(SectorLine(s, counts[s], tuple(order[s])) for s in order)


def build_summary(table: Table, canvas: Canvas | None, common: Collection[str] = ()) -> Summary:
    """The summary participants get: a name inside a text of someone who did not consent is
    replaced by their sector, as in the export (``domain.redact``)."""
    table = redact_names(table, common)
    lang = summary_language(table)
    by_round: dict[str, list[Item]] = {}
    for item in table.items:
        by_round.setdefault(item.round, []).append(item)
    parts: list[Part] = []
    if canvas is not None:
        for rnd in canvas.rounds:
            parts.append(_known_round(table, rnd, by_round.pop(rnd.id, []), lang))
    for round_id, items in by_round.items():
        parts.append(_unknown_round(table, round_id, items, lang))
    return Summary(
        lang=lang,
        title=table.title,
        date=table.date,
        date_text=date_text(table.date, lang),
        programme=table.programme or None,
        location=table.location or None,
        canvas_name=canvas.name if canvas else table.canvas,
        participants=len(table.participants),
        sectors=_sectors(table, lang),
        parts=tuple(parts),
        timing=_timing(table),
    )


def _timing(table: Table) -> tuple[tuple[str, int, float | None], ...]:
    """The export's ``timing`` (planned against actual minutes), when the rounds were timed."""
    found = table.doc_extra.get("timing")
    if not isinstance(found, list):
        return ()
    out = []
    for entry in found:
        if not isinstance(entry, dict) or not isinstance(entry.get("planned_minutes"), int):
            continue
        actual = entry.get("actual_minutes")
        out.append((str(entry.get("title") or entry.get("round") or ""), entry["planned_minutes"],
                    float(actual) if isinstance(actual, int | float) else None))
    return tuple(out) if any(a is not None for _, _, a in out) else ()


def directions(summary: Summary) -> list[str]:
    return [e.text for p in summary.parts for e in p.entries if e.kind == "direction"]


def advice(summary: Summary) -> list[Entry]:
    return [e for p in summary.parts for e in p.entries if e.kind == "advice"]
