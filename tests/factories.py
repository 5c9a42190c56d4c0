"""Tables for tests and benchmarks, filled the way a moderator would fill them."""

from __future__ import annotations

import itertools

from tafel.canvases import Library
from tafel.storage.repository import Store

SECTORS = ["burger", "ondernemer", "wetenschapper", "ambtenaar (beleid)", "bestuurder"]


def fill_table(
    store: Store, library: Library, *, canvas: str = "sturingsfilosofie", title: str = "Tafel Utrecht",
    participants: int = 5, notes: int = 12, date: str = "2023-06-12", consent_first: bool = True,
    programme: str | None = "Gesprekstafels sturingsfilosofie", language: str | None = None,
) -> str:
    """A complete table on any canvas (in its own language, or ``language``'s edition of it): values,
    direction, notes in every zone, ranked advice."""
    c = library.get(canvas, language) if language else library.get(canvas)
    table_id = store.create_table(
        title=title, canvas=c.id, canvas_version=c.version, date=date, language=c.language,
        programme=programme, location="Den Haag", moderator="Moderator M.",
    )
    people = [
        store.add_participant(
            table_id, name=f"Deelnemer {i + 1}", sector=SECTORS[i % len(SECTORS)],
            consent=consent_first and i == 0,
        )
        for i in range(participants)
    ]
    cards = itertools.cycle(c.deck)
    zones = itertools.cycle([(r, z) for r in c.rounds if r.kind == "notes" for z in r.zones])
    for rnd in c.rounds:
        if rnd.kind == "values":
            for p in people:
                card = next(cards)
                store.add_item(
                    table_id, round=rnd.id, kind="value", value=card.value, participant=p.id,
                    text=f"{card.value} omdat het ertoe doet voor {p.sector}.",
                )
        elif rnd.kind == "direction":
            store.save_direction(table_id, rnd.id, f"Richting voor {title}: samen en dichtbij.")
        elif rnd.kind == "advice":
            for n in range(3):
                store.add_item(table_id, round=rnd.id, kind="advice", text=f"Advies {n + 1} van {title}.")
    for n in range(notes if any(r.kind == "notes" for r in c.rounds) else 0):
        rnd, zone = next(zones)
        if zone.kind == "tension":
            store.add_item(
                table_id, round=rnd.id, kind="tension", zone=zone.id, text=f"Spanning {n}",
                between=["rechtmatigheid", "menselijke maat"],
            )
        else:
            store.add_item(table_id, round=rnd.id, kind=zone.kind, zone=zone.id, text=f"Notitie {n} ({zone.title})",
                           tags=["menselijke maat"] if n % 3 == 0 else [])
    return table_id
