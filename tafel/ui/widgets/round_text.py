"""The table's summary (``tafel.domain.summary``) as Rich text, for the canvas overview and the closing
screen: the same model the PDF and the participant page are drawn from, in the moderator's language
and with every participant's name (the moderator's own screen)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from tafel.domain.canvas import Canvas, Round, Zone
from tafel.domain.dates import shown_iso
from tafel.domain.summary import Entry, Group, Part, Summary, Words, summarise
from tafel.domain.table import Item, Table
from tafel.i18n import get_language, t
from tafel.ui.widgets.note_list import SHOWN, note_line, shortened


def screen_words() -> Words:
    lang = get_language()
    return Words(
        lang=lang,
        kind=lambda kind: t(f"summary.kind.{kind}", lang=lang),
        round=lambda round_id: t("tui.overview.unknown_round", round=round_id),
        date=lambda iso: shown_iso(iso, lang),
        no_sector=t("tui.participants.no_sector"),
    )


def table_summary(table: Table, canvas: Canvas, seconds: Mapping[str, float] | None = None) -> Summary:
    """The summary the moderator reviews: names shown, words in the moderator's language."""
    return summarise(table, canvas, screen_words(), names=True, seconds=seconds)


def nothing() -> Text:
    return Text(t("tui.overview.nothing"), style="dim")


def entry_text(e: Entry, *, motivations: bool = False) -> Text:
    """One entry as a line (or a few): a card with who chose it, ranked advice, a note with its tags."""
    out = Text()
    if e.kind == "value":
        out.append(e.value or "…", style="bold")
        who = e.name or e.sector
        if who:
            out.append(f"  {who}", style="dim")
        if motivations and e.text:
            out.append("\n  " + shortened(e.text), style="italic")
        if e.refs:
            out.append("  +" + ", ".join(e.refs), style="italic")
        return out
    if e.kind == "direction":
        return Text(shortened(e.text, 3 * SHOWN)) if e.text.strip() else nothing()
    return note_line(e.rank, True, e.poles, e.text, e.tags)


def group_text(group: Group, *, motivations: bool = False, heading: bool = True) -> Text:
    out = Text()
    if heading and group.title:
        out.append(group.title, style="bold underline")  # a Text's own style would underline every entry
        out.append("\n")
    # A card without a place shows its text: there is no values round around it to explain it.
    full = motivations or not group.placed
    out.append_text(Text("\n").join(entry_text(e, motivations=full) for e in group.entries) or nothing())
    return out


def part_text(part: Part, *, motivations: bool = False) -> Text:
    """A round as one text, group after group, for places without columns."""
    return Text("\n").join(group_text(g, motivations=motivations) for g in part.groups) or nothing()


def zone_items(table: Table, rnd: Round, zone: Zone) -> list[Item]:
    """The notes the notes screen lists in a zone: a note without a (known) zone lies in the first
    zone of its kind there, so the moderator can edit or move it."""
    first = rnd.zones[0].id
    by_kind = {z.kind: z.id for z in reversed(rnd.zones)}
    return [
        i for i in table.items_of(rnd.id)
        if (i.zone if rnd.zone(i.zone or "") else by_kind.get(i.kind, first)) == zone.id
    ]
