"""A canvas read from a table, for a table whose canvas is not on this laptop."""

from __future__ import annotations

from tafel.canvases import Library
from tafel.domain.fallback import canvas_from_table
from tafel.domain.table import Table
from tafel.storage.repository import Store
from tests.factories import fill_table

CANVAS = "sturingsfilosofie"


def test_a_canvas_read_from_the_table_has_its_rounds_zones_and_cards(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, notes=12)
    table, real = store.get_table(table_id), library.get(CANVAS)
    canvas = canvas_from_table(table)
    # The rounds in the order their first items were written (here the notes came last).
    assert sorted((r.id, r.kind) for r in canvas.rounds) == sorted((r.id, r.kind) for r in real.rounds)
    for rnd in canvas.rounds:
        if rnd.kind == "notes":
            assert {z.id for z in rnd.zones} == {i.zone for i in table.items_of(rnd.id)}
    assert {c.value for c in canvas.deck} == {i.value for i in table.items if i.value}
    assert set(canvas.sectors) == {p.sector for p in table.participants}


def test_a_table_without_items_has_no_rounds() -> None:
    canvas = canvas_from_table(Table(id="t", title="Leeg", date="2023-06-12", canvas="elders"))
    assert (canvas.id, canvas.rounds, canvas.deck) == ("elders", (), ())
