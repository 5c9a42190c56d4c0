"""A round's content as text, for the canvas overview and the closing summary."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from tafel.domain.canvas import Round, Zone
from tafel.domain.table import Item, Table
from tafel.i18n import t
from tafel.ui.widgets.note_list import SHOWN, note_text, shortened


def values_text(table: Table, rnd: Round, *, motivations: bool = False) -> Text:
    out = Text()
    items = {i.participant: i for i in table.items_of(rnd.id, "value")}
    for p in table.participants:
        item = items.get(p.id)
        who = p.name or p.sector or t("tui.participants.anonymous")
        out.append(item.value if item and item.value else "…", style="bold")
        out.append(f"  {who}", style="dim")
        if motivations and item and item.text:
            out.append("\n  " + shortened(item.text), style="italic")
        if item and item.refs:
            out.append("  +" + ", ".join(item.refs), style="italic")
        out.append("\n")
    orphans = [i for i in table.items_of(rnd.id, "value") if table.participant(i.participant) is None]
    for item in orphans:
        out.append((item.value or "…") + "\n", style="bold")
    out.rstrip()
    return out or Text(t("tui.overview.nothing"), style="dim")


def direction_text(table: Table, rnd: Round) -> Text:
    current = table.direction(rnd.id)
    if current and current.text.strip():
        return Text(shortened(current.text, 3 * SHOWN))
    return Text(t("tui.overview.nothing"), style="dim")


def advice_text(table: Table, rnd: Round) -> Text:
    found = sorted(table.items_of(rnd.id, "advice"), key=lambda i: (i.rank is None, i.rank or 0))
    out = Text("\n").join(note_text(i, rank=True) for i in found)
    return out or Text(t("tui.overview.nothing"), style="dim")


def zone_items(table: Table, rnd: Round, zone: Zone) -> list[Item]:
    """The notes lying in a zone; a note without a (known) zone lies in the first of its kind."""
    first = rnd.zones[0].id
    by_kind = {z.kind: z.id for z in reversed(rnd.zones)}
    return [
        i for i in table.items_of(rnd.id)
        if (i.zone if rnd.zone(i.zone or "") else by_kind.get(i.kind, first)) == zone.id
    ]


def zone_text(table: Table, rnd: Round, zone: Zone) -> Text:
    out = Text()
    out.append(zone.title, style="bold underline")  # a Text's own style would underline every note
    out.append("\n")
    items = zone_items(table, rnd, zone)
    for item in items:
        out.append_text(note_text(item, bullet=True))
        out.append("\n")
    if not items:
        out.append(t("tui.overview.nothing"), style="dim")
    out.rstrip()
    return out


# The item kind each single-kind round shows; other kinds there (from another laptop's canvas
# version, or an import) are listed after it as "other notes", never hidden.
_ROUND_KIND = {"values": "value", "direction": "direction", "advice": "advice"}


def items_text(items: list[Item]) -> Text:
    return Text("\n").join(note_text(i, bullet=True) for i in items)


def round_text(table: Table, rnd: Round, *, motivations: bool = False) -> Text:
    """Every kind as one text (notes: zone after zone), for places without columns."""
    if rnd.kind == "values":
        out = values_text(table, rnd, motivations=motivations)
    elif rnd.kind == "direction":
        out = direction_text(table, rnd)
    elif rnd.kind == "advice":
        out = advice_text(table, rnd)
    else:
        return Text("\n").join(zone_text(table, rnd, z) for z in rnd.zones)
    others = [i for i in table.items_of(rnd.id) if i.kind != _ROUND_KIND[rnd.kind]]
    if others:
        out.append("\n" + t("tui.overview.other") + "\n", style="bold underline")
        out.append_text(items_text(others))
    return out


def unknown_rounds(table: Table, rounds: Sequence[Round]) -> dict[str, list[Item]]:
    """Items of rounds the canvas does not have, by round id: shown under their id, never lost."""
    known = {r.id for r in rounds}
    found: dict[str, list[Item]] = {}
    for item in table.items:
        if item.round not in known:
            found.setdefault(item.round, []).append(item)
    return found
