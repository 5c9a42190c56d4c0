"""A programme like the 2023 reference, built as real export files: 15 tables on 5 days, 75 people.

On the shipped ``sturingsfilosofie`` canvas, whose deck groups the values as the 2023 report did.

Value groups come out at 33, 18, 12 and 9 mentions: 55 picks inside the groups plus 17 references
from the motivations of the 20 cards outside them. Themes are planted at known numbers of tables.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

from tafel.canvases import load_file, load_library
from tafel.domain.canvas import Canvas
from tafel.domain.exchange import table_to_export
from tafel.domain.table import Item, Participant, Table

DATA = Path(__file__).parent / "data"
PROGRAMME = "Gesprekstafels sturingsfilosofie"
DATES = ["2023-06-12", "2023-06-15", "2023-06-20", "2023-06-27", "2023-07-03"]
SECTORS = ["burger", "ondernemer", "wetenschapper", "ambtenaar (beleid)", "bestuurder"]
GROUPS = {
    "Vertrouwen, betrouwbaarheid en rechtvaardigheid": 33,
    "Menselijke maat en betrokkenheid": 18,
    "Complexiteit en systeemwereld": 12,
    "Maatschappelijke opgave": 9,
}
# Spellings as moderators type them: the deck's alias and odd case/hyphens count as the card.
PICKS = (
    ["vertrouwen"] * 10 + ["Betrouwbaarheid"] * 8 + ["rechtvaardigheid"] * 6
    + ["menselijke maat"] * 6 + ["Menselijke-Maat", "menselijkemaat"] + ["betrokkenheid"] * 6
    + ["complexiteit"] * 5 + ["systeemwereld"] * 5 + ["maatschappelijke opgave"] * 7
    + ["rechtmatigheid", "verantwoordelijkheid", "deskundigheid", "integriteit", "respect"] * 4
)
# Refs on the 20 cards outside the groups: +9, +4, +2, +2 (a repeated ref counts once).
REFS = [
    ["vertrouwen", "Vertrouwen "], ["vertrouwen"], ["vertrouwen"], ["betrouwbaarheid"], ["betrouwbaarheid"],
    ["rechtvaardigheid"], ["rechtvaardigheid"], ["rechtvaardigheid", "rechtvaardigheid"], ["vertrouwen"],
    ["menselijke maat"], ["betrokkenheid"], ["betrokkenheid"], ["Betrokken"],
    ["complexiteit"], ["systeemwereld"],
    ["maatschappelijke opgave"], ["maatschappelijke opgave"],
    [], [], [],
]
# Phrase → the numbers of the tables (0-based) it is planted at.
PLANTED = {
    "de digitale kloof": [0, 3, 7, 11],
    "een energiecorporatie in het dorp": [1, 2, 9],
    "het burgerberaad": [4, 13],
    "woningnood": [6],
}
TAGGED = {"menselijke maat": [0, 1, 2, 4, 5, 8]}
FILLER = ["Kaders zijn soms ruimer dan gedacht.", "Een casus uit de uitvoering.", "Ambtenaren voelen druk."]


def canvas(name: str = "sturingsfilosofie") -> Canvas:
    """A shipped canvas, or one of the test's own (``data/``)."""
    own = DATA / f"{name}.toml"
    return load_file(own) if own.exists() else load_library().get(name)


def install_canvases(home: Path) -> None:
    """Put the test's own canvases in the user's canvas folder, beside the shipped ones."""
    folder = home / "canvases"
    folder.mkdir(parents=True, exist_ok=True)
    for path in DATA.glob("*.toml"):
        (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")


def _id() -> str:
    return str(uuid.uuid4())


def programme_tables(seed: int = 5) -> list[Table]:
    rng = random.Random(seed)
    cards = list(zip(PICKS, [[]] * 55 + REFS, strict=True))
    rng.shuffle(cards)
    tables = []
    for n in range(15):
        people = [Participant(_id(), sector=SECTORS[(n + i) % 5]) for i in range(5)]
        items = []
        for person, (value, refs) in zip(people, cards[n * 5:(n + 1) * 5], strict=True):
            items.append(Item(_id(), "waarden", "value", f"Dit raakt aan mijn werk als {person.sector}.",
                              value=value, refs=list(refs), participant=person.id))
        items.append(Item(_id(), "richting", "direction", f"Richting {n + 1}: samen met de samenleving."))
        for phrase, where in PLANTED.items():
            if n in where:
                items.append(Item(_id(), "gesprek", "concept", f"We spraken over {phrase}.", zone="begrippen"))
        for tag, where in TAGGED.items():
            if n in where:
                items.append(Item(_id(), "gesprek", "example", FILLER[n % 3], zone="voorbeelden", tags=[tag]))
        items.append(Item(_id(), "gesprek", "tension", "", zone="spanningen",
                          between=["rechtmatigheid", "maatwerk"] if n % 2 else ["snelheid", "zorgvuldigheid"]))
        for rank in (1, 2):
            items.append(Item(_id(), "advies", "advice", f"Advies {rank} van tafel {n + 1}.", rank=rank))
        tables.append(Table(
            _id(), f"Tafel {n + 1:02d}", DATES[n // 3], "sturingsfilosofie", canvas_version=1,
            programme=PROGRAMME, location="Den Haag", participants=people, items=items,
        ))
    return tables


def export(table: Table, exported_at: str = "2023-07-04T10:00:00Z") -> dict[str, Any]:
    return table_to_export(table, exported_at=exported_at, generator="tafel test")


def write(folder: Path, docs: list[dict[str, Any]], name: str = "table.json") -> list[Path]:
    paths = []
    for n, doc in enumerate(docs):
        path = folder / f"{n + 1:02d}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
        paths.append(path)
    return paths


def write_programme(folder: Path, seed: int = 5) -> list[Path]:
    return write(folder, [export(t) for t in programme_tables(seed)])
