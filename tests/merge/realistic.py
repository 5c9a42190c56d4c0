"""Realistic programmes for the verslag's topics, with the ground truth to score them against.

``realistic_tables()`` builds 15 tables over 5 days with 75 participants from
``realistic_data`` (notes typed as moderators type them, covering the 11 themes of the 2023
report's section 2); ``heldout_tables()`` builds 10 tables from ``heldout_data``, the same themes
in other words, so that tuning on the first cannot pass for quality; ``english_tables()`` is a
small English programme. ``truth`` maps each conversation item id to its report theme.

``score(topics, truth, theme_words)`` counts, of the 12 headline topics, those a report writer
would recognise (most of the topic's items belong to one report theme and its name uses that
theme's words), and which report themes are among them.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

from tafel.domain.table import Item, Participant, Table
from tests.merge import heldout_data, realistic_data

DATES = ["2023-06-12", "2023-06-15", "2023-06-20", "2023-06-27", "2023-07-03"]
SECTORS = ["burger", "ondernemer", "wetenschapper", "ambtenaar (beleid)", "bestuurder", "ambtenaar (uitvoering)",
           "opiniemaker", "politicus"]
CARDS = ["vertrouwen", "betrouwbaarheid", "rechtvaardigheid", "menselijke maat", "betrokkenheid", "complexiteit",
         "systeemwereld", "maatschappelijke opgave", "rechtmatigheid", "integriteit"]
KINDS = {"c": ("concept", "begrippen"), "e": ("example", "voorbeelden"), "n": ("note", "begrippen")}


@dataclass
class Programme:
    tables: list[Table]
    truth: dict[str, str]  # item id → report theme
    theme_words: dict[str, tuple[str, ...]]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _build(data: ModuleType, count: int, seed: int, programme: str, language: str = "nl", spread: int = 4,
           bunch: int = 0) -> Programme:
    """``spread`` offsets each theme's tables; ``bunch`` > 0 keeps every ``bunch`` notes of a theme at
    neighbouring tables (a table that talks about a theme writes several notes about it)."""
    rng = random.Random(seed)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    truth: dict[str, str] = {}
    per_table: list[list[Item]] = [[] for _ in range(count)]
    for offset, (theme, notes) in enumerate(data.NOTES.items()):
        for i, note in enumerate(notes):
            kind, zone = KINDS[note[0]]
            item = Item(new_id(), "gesprek", kind, note[2:], zone=zone)
            place = (i * count) // len(notes) if not bunch else (i // bunch) * bunch * count // len(notes) + i % 2
            per_table[(offset * spread + place) % count].append(item)
            truth[item.id] = theme
    for poles, theme, where in data.TENSIONS:
        for n in where:
            if n < count:
                item = Item(new_id(), "gesprek", "tension", "", zone="spanningen", between=list(poles))
                per_table[n].append(item)
                truth[item.id] = theme
    for text, theme, where in data.TEXT_TENSIONS:
        for n in where:
            if n < count:
                item = Item(new_id(), "gesprek", "tension", text, zone="spanningen")
                per_table[n].append(item)
                truth[item.id] = theme
    for n, tag_text in getattr(data, "TAGS", []):
        if n < count:  # a moderator's #tag on an item of that table's first theme note
            per_table[n][0].tags.append(tag_text)
    tables = []
    for n in range(count):
        people = [Participant(new_id(), sector=SECTORS[(n * 3 + i) % len(SECTORS)]) for i in range(5)]
        items: list[Item] = []
        for i, person in enumerate(people):
            items.append(Item(new_id(), "waarden", "value", data.MOTIVATIONS[(n + i) % len(data.MOTIVATIONS)],
                              value=CARDS[(n * 2 + i) % len(CARDS)], participant=person.id))
        text, theme = data.DIRECTIONS[n]
        direction = Item(new_id(), "richting", "direction", text)
        truth[direction.id] = theme
        notes = per_table[n]
        rng.shuffle(notes)
        advice = []
        for rank, (text, theme) in enumerate(data.ADVICE[n], start=1):
            advice.append(Item(new_id(), "advies", "advice", text, rank=rank))
            truth[advice[-1].id] = theme
        items += [direction, *notes, *advice]
        tables.append(Table(new_id(), f"Tafel {n + 1}", DATES[n * len(DATES) // count], "sturingsfilosofie",
                            canvas_version=1, language=language, programme=programme, location="Den Haag",
                            participants=people, items=items))
    return Programme(tables, truth, data.THEMES)


def realistic_tables(spread: int = 4, bunch: int = 0) -> Programme:
    return _build(realistic_data, 15, 2023, "Gesprekstafels sturingsfilosofie", spread=spread, bunch=bunch)


def heldout_tables(spread: int = 4, bunch: int = 0) -> Programme:
    return _build(heldout_data, 10, 2024, "Gesprekstafels overheid en samenleving", spread=spread, bunch=bunch)


def english_tables() -> list[Table]:
    """Four tables of an English programme: function words must not become its topics."""
    notes = [
        "c|The distance between the government and the people keeps growing.",
        "c|trust in government is broken after the benefits scandal",
        "e|An energy cooperative in the village with the support of the council",
        "c|too many rules and too much red tape",
        "n|Civil servants need room for discretion and with that the courage to use it.",
        "c|people cannot find their way in the system",
    ]
    rng = random.Random(7)
    tables = []
    for n in range(4):
        people = [Participant(str(uuid.UUID(int=rng.getrandbits(128), version=4)), sector="citizen")
                  for _ in range(5)]
        items = [Item(str(uuid.UUID(int=rng.getrandbits(128), version=4)), "talk", KINDS[x[0]][0], x[2:],
                      zone="concepts") for x in notes[n % 2:]]
        items.append(Item(str(uuid.UUID(int=rng.getrandbits(128), version=4)), "advice", "advice",
                          "Invest in trust and in the relationship with the people.", rank=1))
        tables.append(Table(str(uuid.UUID(int=rng.getrandbits(128), version=4)), f"Table {n + 1}",
                            DATES[n], "sturingsfilosofie", language="en", programme="Conversation tables",
                            participants=people, items=items))
    return tables


@dataclass
class Score:
    recognisable: int
    themes: set[str]
    verdicts: list[tuple[str, str | None, bool]]  # topic name, its main report theme, recognisable


def score(topics: Sequence[tuple[str, Sequence[str]]], programme: Programme, shown: int = 12) -> Score:
    """Topics as (name, item ids), in the verslag's order; the first ``shown`` are judged."""
    verdicts = []
    for name, ids in topics[:shown]:
        counted = Counter(programme.truth.get(i) for i in ids)
        counted.pop(None, None)
        if not counted:
            verdicts.append((name, None, False))
            continue
        main, n = counted.most_common(1)[0]
        majority = n * 2 > len(ids)
        words = [w for w in _fold(name).replace("·", " ").split() if len(w) > 1]
        named = any(w.startswith(_fold(stem)) or _fold(stem) in _fold(name)
                    for w in words for stem in programme.theme_words[main] if len(stem) >= 3)
        verdicts.append((name, main, majority and named))
    return Score(sum(v[2] for v in verdicts), {v[1] for v in verdicts if v[2] and v[1]}, verdicts)
