"""A canvas read from a table itself, for a table whose canvas is not known on this laptop.

A table exported on another laptop names a canvas (``table.canvas``) that may not be installed
here. Its items still say which round they belong to, of which kind, and in which zone: that is
enough to show, continue and export the table. The rounds come in the order their first items
were written; titles are the round and zone ids, as nothing else is known of them.
"""

from __future__ import annotations

from tafel.domain.canvas import Canvas, Card, Round, Zone
from tafel.domain.table import Table

MINUTES = 15  # a round's length when the canvas that set it is not here (the timer needs one)
# The round kind an item kind makes; any other item kind lies in a notes round's zone.
ROUND_OF_ITEM = {"value": "values", "direction": "direction", "advice": "advice"}


def _round(round_id: str, kinds_and_zones: list[tuple[str, str | None]]) -> Round:
    kinds = [kind for kind, _ in kinds_and_zones]
    for item_kind, round_kind in ROUND_OF_ITEM.items():
        if item_kind in kinds:
            return Round(round_id, round_id, round_kind, MINUTES, "")
    zones: dict[str, Zone] = {}
    for kind, zone in kinds_and_zones:
        zone_id = zone or kind
        if zone_id not in zones:
            zones[zone_id] = Zone(zone_id, zone_id, kind)
    return Round(round_id, round_id, "notes", MINUTES, "", tuple(zones.values()))


def canvas_from_table(table: Table) -> Canvas:
    """A canvas with the table's own rounds, zones, sectors and picked cards."""
    rounds: dict[str, list[tuple[str, str | None]]] = {}
    for item in table.items:
        rounds.setdefault(item.round, []).append((item.kind, item.zone))
    values = [i.value for i in table.items if i.kind == "value" and i.value]
    sectors = [p.sector for p in table.participants if p.sector]
    built = tuple(_round(round_id, found) for round_id, found in rounds.items())
    return Canvas(
        id=table.canvas, version=table.canvas_version or 0, name=table.canvas, language=table.language,
        minutes=MINUTES * len(built), description="", sectors=tuple(dict.fromkeys(sectors)), rounds=built,
        deck=tuple(Card(v) for v in dict.fromkeys(values)),
    )
